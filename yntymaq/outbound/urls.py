from django.urls import path

from . import views

app_name = "outbound"

BASE = "o/<slug:org_slug>/outbound/"
PLAN = BASE + "plans/"
ROW = PLAN + "<int:plan_pk>/rows/"
TRIP = BASE + "trips/"
DOC = TRIP + "<int:trip_pk>/documents/"
REPORT = TRIP + "<int:trip_pk>/reports/"
ATTACH = BASE + "reports/<int:report_pk>/attachments/"
RESERVE = BASE + "reserve/"
COURSE = BASE + "training/"
SETTINGS = BASE + "settings/"

urlpatterns = [
    # trips and their documents (R8.4)
    path(BASE, views.TripListView.as_view(), name="trip-list"),
    path(TRIP + "new/", views.TripCreateView.as_view(), name="trip-create"),
    path(TRIP + "export.xlsx", views.TripExportView.as_view(), name="trip-export"),
    path(TRIP + "import/", views.TripImportView.as_view(), name="trip-import"),
    path(
        TRIP + "import/template.xlsx",
        views.TripImportTemplateView.as_view(),
        name="trip-import-template",
    ),
    path(TRIP + "<int:pk>/", views.TripDetailView.as_view(), name="trip-detail"),
    path(TRIP + "<int:pk>/edit/", views.TripUpdateView.as_view(), name="trip-update"),
    path(TRIP + "<int:pk>/status/", views.TripTransitionView.as_view(), name="trip-transition"),
    path(DOC + "new/", views.TripDocumentAddView.as_view(), name="trip-document-create"),
    path(
        DOC + "<int:pk>/edit/", views.TripDocumentUpdateView.as_view(), name="trip-document-update"
    ),
    path(DOC + "<int:pk>/copy/", views.TripDocumentCopyView.as_view(), name="trip-document-copy"),
    path(
        BASE + "documents/overdue/", views.DocumentsOverdueView.as_view(), name="documents-overdue"
    ),
    # who is abroad (R2.13) and R4.3
    path(BASE + "abroad/", views.AbroadView.as_view(), name="abroad"),
    path(BASE + "abroad/export.xlsx", views.AbroadExportView.as_view(), name="abroad-export"),
    path(BASE + "r4-3/", views.R43View.as_view(), name="r4-3"),
    # post-trip reports (R8.6)
    path(BASE + "reports/", views.ReportListView.as_view(), name="report-list"),
    path(REPORT + "<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path(REPORT + "<int:pk>/accept/", views.ReportAcceptView.as_view(), name="report-accept"),
    path(REPORT + "<int:pk>/return/", views.ReportReturnView.as_view(), name="report-return"),
    path(ATTACH + "new/", views.AttachmentAddView.as_view(), name="attachment-create"),
    path(ATTACH + "<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path(
        ATTACH + "<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment-delete"
    ),
    # unit trip plans (R8.5)
    path(PLAN, views.PlanListView.as_view(), name="plan-list"),
    path(PLAN + "new/", views.PlanCreateView.as_view(), name="plan-create"),
    path(PLAN + "<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path(PLAN + "<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan-update"),
    path(PLAN + "<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan-delete"),
    path(PLAN + "<int:pk>/submit/", views.PlanSubmitView.as_view(), name="plan-submit"),
    path(PLAN + "<int:pk>/return/", views.PlanReturnView.as_view(), name="plan-return"),
    path(PLAN + "<int:pk>/approve/", views.PlanApproveView.as_view(), name="plan-approve"),
    path(ROW + "new/", views.PlanRowCreateView.as_view(), name="plan-row-create"),
    path(ROW + "<int:pk>/edit/", views.PlanRowUpdateView.as_view(), name="plan-row-update"),
    path(ROW + "<int:pk>/delete/", views.PlanRowDeleteView.as_view(), name="plan-row-delete"),
    path(ROW + "<int:pk>/trip/", views.PlanRowTripView.as_view(), name="plan-row-trip"),
    # the reserve (R8.7)
    path(RESERVE, views.CandidateListView.as_view(), name="candidate-list"),
    path(RESERVE + "new/", views.CandidateCreateView.as_view(), name="candidate-create"),
    path(RESERVE + "<int:pk>/", views.CandidateDetailView.as_view(), name="candidate-detail"),
    path(RESERVE + "<int:pk>/edit/", views.CandidateUpdateView.as_view(), name="candidate-update"),
    path(
        RESERVE + "<int:pk>/delete/", views.CandidateDeleteView.as_view(), name="candidate-delete"
    ),
    path(
        RESERVE + "<int:pk>/select/", views.CandidateSelectView.as_view(), name="candidate-select"
    ),
    # pre-departure training (R8.5)
    path(COURSE, views.CourseListView.as_view(), name="course-list"),
    path(COURSE + "new/", views.CourseCreateView.as_view(), name="course-create"),
    path(COURSE + "<int:pk>/", views.CourseDetailView.as_view(), name="course-detail"),
    path(COURSE + "<int:pk>/edit/", views.CourseUpdateView.as_view(), name="course-update"),
    path(COURSE + "<int:pk>/delete/", views.CourseDeleteView.as_view(), name="course-delete"),
    path(
        COURSE + "<int:course_pk>/sessions/new/",
        views.SessionCreateView.as_view(),
        name="session-create",
    ),
    path(
        COURSE + "<int:course_pk>/sessions/<int:pk>/edit/",
        views.SessionUpdateView.as_view(),
        name="session-update",
    ),
    path(
        COURSE + "<int:course_pk>/sessions/<int:pk>/delete/",
        views.SessionDeleteView.as_view(),
        name="session-delete",
    ),
    path(
        COURSE + "<int:course_pk>/participants/new/",
        views.ParticipantAddView.as_view(),
        name="participant-create",
    ),
    path(
        COURSE + "<int:course_pk>/participants/<int:pk>/edit/",
        views.ParticipantUpdateView.as_view(),
        name="participant-update",
    ),
    path(
        COURSE + "<int:course_pk>/participants/<int:pk>/delete/",
        views.ParticipantRemoveView.as_view(),
        name="participant-delete",
    ),
    # settings: deadlines and the checklist of exit documents
    path(SETTINGS, views.SettingsView.as_view(), name="settings"),
    path(
        SETTINGS + "documents/new/",
        views.RequirementCreateView.as_view(),
        name="requirement-create",
    ),
    path(
        SETTINGS + "documents/<int:pk>/edit/",
        views.RequirementUpdateView.as_view(),
        name="requirement-update",
    ),
    path(
        SETTINGS + "documents/<int:pk>/delete/",
        views.RequirementDeleteView.as_view(),
        name="requirement-delete",
    ),
]
