from django.urls import path

from . import views, views_agreements, views_reports

app_name = "authority"

urlpatterns = [
    path("authority/", views.OverviewView.as_view(), name="overview"),
    # R8.11, R2.10: annual reports, national figures, ratings (views_reports, issue 7)
    path("authority/reports/", views_reports.ReportOverviewView.as_view(), name="report-overview"),
    path("authority/reports/export/", views_reports.ExportView.as_view(), name="report-export"),
    path(
        "authority/reports/<int:pk>/",
        views_reports.SubmissionReviewView.as_view(),
        name="report-review",
    ),
    path(
        "authority/reports/<int:submission_pk>/files/<int:pk>/",
        views_reports.SubmissionFileView.as_view(),
        name="report-file",
    ),
    path("authority/figures/", views_reports.FiguresView.as_view(), name="figures"),
    path("authority/figures/chart/", views_reports.FigureChartView.as_view(), name="figure-chart"),
    path("authority/ratings/", views_reports.RatingsView.as_view(), name="ratings"),
    # R3: the queue of agreements sent for agreement (views_agreements, issue 5)
    path(
        "authority/agreements/",
        views_agreements.AgreementQueueView.as_view(),
        name="agreement-queue",
    ),
    path(
        "authority/agreements/<int:pk>/",
        views_agreements.AgreementReviewView.as_view(),
        name="agreement-review",
    ),
    path(
        "authority/agreements/<int:agreement_pk>/versions/<int:pk>/",
        views_agreements.AgreementVersionDownloadView.as_view(),
        name="agreement-version-download",
    ),
]
