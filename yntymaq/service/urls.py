from django.urls import path

from . import views

app_name = "service"

P = "o/<slug:org_slug>/service/"

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
]
