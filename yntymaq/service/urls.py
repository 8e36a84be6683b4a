from django.urls import path

from . import views, views_members

app_name = "service"

P = "o/<slug:org_slug>/service/"
M = "o/<slug:org_slug>/members/"

urlpatterns = [
    path(P, views.ServiceOverviewView.as_view(), name="overview"),
    path(f"{P}profile/", views.ServiceProfileUpdateView.as_view(), name="profile-update"),
    path(
        f"{P}profile/regulation/",
        views.ServiceProfileDocumentView.as_view(document="regulation"),
        name="profile-regulation",
    ),
    path(
        f"{P}profile/duties/",
        views.ServiceProfileDocumentView.as_view(document="duties"),
        name="profile-duties",
    ),
    path(f"{P}units/", views.UnitListView.as_view(), name="unit-list"),
    path(f"{P}units/new/", views.UnitCreateView.as_view(), name="unit-create"),
    path(f"{P}units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit-update"),
    path(f"{P}units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit-delete"),
    path(f"{P}officials/", views.OfficialListView.as_view(), name="official-list"),
    path(f"{P}officials/new/", views.OfficialCreateView.as_view(), name="official-create"),
    path(
        f"{P}officials/<int:pk>/edit/", views.OfficialUpdateView.as_view(), name="official-update"
    ),
    path(
        f"{P}officials/<int:pk>/delete/",
        views.OfficialDeleteView.as_view(),
        name="official-delete",
    ),
    path(f"{P}appointments/", views.AppointmentListView.as_view(), name="appointment-list"),
    path(
        f"{P}appointments/new/",
        views.AppointmentCreateView.as_view(),
        name="appointment-create",
    ),
    path(
        f"{P}appointments/<int:pk>/",
        views.AppointmentDetailView.as_view(),
        name="appointment-detail",
    ),
    path(
        f"{P}appointments/<int:pk>/edit/",
        views.AppointmentUpdateView.as_view(),
        name="appointment-update",
    ),
    path(
        f"{P}appointments/<int:pk>/end/",
        views.AppointmentEndView.as_view(),
        name="appointment-end",
    ),
    # members of the organization (issue 11): memberships and invitations are core's, a
    # coordinator's units this app's (views_members)
    path(M, views_members.MemberListView.as_view(), name="member-list"),
    path(f"{M}invite/", views_members.MemberInviteView.as_view(), name="member-invite"),
    path(f"{M}<int:pk>/", views_members.MemberUpdateView.as_view(), name="member-update"),
    path(
        f"{M}<int:pk>/deactivate/",
        views_members.MemberDeactivateView.as_view(),
        name="member-deactivate",
    ),
    path(
        f"{M}<int:pk>/two-factor-reset/",
        views_members.MemberTwoFactorResetView.as_view(),
        name="member-two-factor-reset",
    ),
    path(
        f"{M}invitations/<int:pk>/resend/",
        views_members.InvitationActionView.as_view(action="resend"),
        name="invitation-resend",
    ),
    path(
        f"{M}invitations/<int:pk>/revoke/",
        views_members.InvitationActionView.as_view(action="revoke"),
        name="invitation-revoke",
    ),
]
