from django.urls import path

from . import views, views_agreements

app_name = "authority"

urlpatterns = [
    path("authority/", views.OverviewView.as_view(), name="overview"),
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
