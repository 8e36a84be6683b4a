from django.urls import path

from .views import account, invitations, pages

app_name = "core"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/notifications/", account.NotificationListView.as_view(), name="notifications"),
    path("account/login/", account.LoginView.as_view(), name="login"),
    path("account/logout/", account.auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", account.TwoFactorView.as_view(), name="two-factor"),
    path("account/language/", account.LanguageView.as_view(), name="language"),
    path("account/api-token/", account.ApiTokenView.as_view(), name="api-token"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password-change"),
    path(
        "account/password/done/",
        account.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("account/reset/", account.PasswordResetView.as_view(), name="password-reset"),
    path(
        "account/reset/sent/", account.PasswordResetDoneView.as_view(), name="password-reset-done"
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "account/reset/complete/",
        account.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path(
        "invitation/<str:token>/",
        invitations.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("o/<slug:org_slug>/", pages.DashboardView.as_view(), name="dashboard"),
    path("o/<slug:org_slug>/attention/", pages.AttentionView.as_view(), name="attention"),
    path("o/<slug:org_slug>/audit/", pages.AuditLogView.as_view(), name="audit-log"),
    path(
        "o/<slug:org_slug>/settings/",
        pages.OrganizationSettingsView.as_view(),
        name="organization-settings",
    ),
]
