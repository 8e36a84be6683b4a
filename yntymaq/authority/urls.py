from django.urls import path

from . import (
    views,
    views_agreements,
    views_calendar,
    views_organizations,
    views_reports,
    views_users,
)

app_name = "authority"

urlpatterns = [
    path("authority/", views.OverviewView.as_view(), name="overview"),
    path("authority/calendar/", views_calendar.CalendarView.as_view(), name="calendar"),
    path(
        "authority/calendar/<int:pk>/delete/",
        views_calendar.CalendarDayDeleteView.as_view(),
        name="calendar-day-delete",
    ),
    # issue 11: registering organizations and inviting their heads (views_organizations)
    path(
        "authority/organizations/",
        views_organizations.OrganizationRegistryView.as_view(),
        name="organization-registry",
    ),
    path(
        "authority/organizations/new/",
        views_organizations.OrganizationCreateView.as_view(),
        name="organization-create",
    ),
    path(
        "authority/organizations/import/",
        views_organizations.OrganizationImportView.as_view(),
        name="organization-import",
    ),
    path(
        "authority/organizations/import/template/",
        views_organizations.OrganizationImportTemplateView.as_view(),
        name="organization-import-template",
    ),
    path(
        "authority/organizations/<int:pk>/",
        views_organizations.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "authority/organizations/<int:pk>/invite-head/",
        views_organizations.HeadInviteView.as_view(),
        name="organization-invite-head",
    ),
    path(
        "authority/organizations/<int:pk>/deactivate/",
        views_organizations.OrganizationStateView.as_view(deactivate=True),
        name="organization-deactivate",
    ),
    path(
        "authority/organizations/<int:pk>/reactivate/",
        views_organizations.OrganizationStateView.as_view(deactivate=False),
        name="organization-reactivate",
    ),
    path(
        "authority/invitations/<int:pk>/resend/",
        views_organizations.InvitationActionView.as_view(action="resend"),
        name="invitation-resend",
    ),
    path(
        "authority/invitations/<int:pk>/revoke/",
        views_organizations.InvitationActionView.as_view(action="revoke"),
        name="invitation-revoke",
    ),
    # issue 11: the authorized body's own users (views_users)
    path("authority/users/", views_users.AuthorityUserListView.as_view(), name="user-list"),
    path(
        "authority/users/invite/",
        views_users.AuthorityUserInviteView.as_view(),
        name="user-invite",
    ),
    path(
        "authority/users/<int:pk>/deactivate/",
        views_users.AuthorityUserDeactivateView.as_view(),
        name="user-deactivate",
    ),
    path(
        "authority/users/invitations/<int:pk>/resend/",
        views_users.AuthorityInvitationActionView.as_view(action="resend"),
        name="user-invitation-resend",
    ),
    path(
        "authority/users/invitations/<int:pk>/revoke/",
        views_users.AuthorityInvitationActionView.as_view(action="revoke"),
        name="user-invitation-revoke",
    ),
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
