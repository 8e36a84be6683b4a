from django.urls import path

from . import views

app_name = "people"

P = "o/<slug:org_slug>/people/"
DOC = P + "<int:person_pk>/documents/"

urlpatterns = [
    path(P, views.PersonListView.as_view(), name="person-list"),
    path(P + "new/", views.PersonCreateView.as_view(), name="person-create"),
    path(P + "<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(P + "<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person-update"),
    path(P + "<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person-delete"),
    path(DOC + "new/", views.IdentityDocumentCreateView.as_view(), name="identity-document-create"),
    path(
        DOC + "<int:pk>/edit/",
        views.IdentityDocumentUpdateView.as_view(),
        name="identity-document-update",
    ),
    path(
        DOC + "<int:pk>/delete/",
        views.IdentityDocumentDeleteView.as_view(),
        name="identity-document-delete",
    ),
    path(
        DOC + "<int:pk>/copy/",
        views.IdentityDocumentCopyView.as_view(),
        name="identity-document-copy",
    ),
]
