from django.urls import path

from . import views

app_name = "reporting"

R = "o/<slug:org_slug>/reporting/"

urlpatterns = [
    path(R, views.ReportListView.as_view(), name="report-list"),
    path(f"{R}new/", views.ReportCreateView.as_view(), name="report-create"),
    path(f"{R}eligibility/", views.EligibilityView.as_view(), name="eligibility"),
    path(
        f"{R}eligibility/numbers/",
        views.EligibilityWidgetView.as_view(),
        name="eligibility-numbers",
    ),
    path(
        f"{R}charts/foreigners.svg",
        views.CountryChartView.as_view(what="foreigners"),
        name="chart-foreigners",
    ),
    path(f"{R}charts/trips.svg", views.CountryChartView.as_view(what="trips"), name="chart-trips"),
    path(f"{R}<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path(f"{R}<int:pk>/text/", views.ReportNotesView.as_view(), name="report-notes"),
    path(f"{R}<int:pk>/generate/", views.GenerationStartView.as_view(), name="report-generate"),
    path(f"{R}<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report-submit"),
    path(
        f"{R}<int:report_pk>/generations/<int:pk>/",
        views.GenerationStatusView.as_view(),
        name="generation-status",
    ),
    path(
        f"{R}<int:report_pk>/files/<int:pk>/",
        views.ReportFileDownloadView.as_view(),
        name="report-file",
    ),
    path(
        f"{R}<int:report_pk>/versions/<int:pk>/",
        views.SubmissionDetailView.as_view(),
        name="submission-detail",
    ),
    path(
        f"{R}versions/<int:submission_pk>/files/<int:pk>/",
        views.SubmissionFileDownloadView.as_view(),
        name="submission-file",
    ),
]
