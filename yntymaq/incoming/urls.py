from django.urls import path

from .views import care, documents, public, questionnaire, records, stays

app_name = "incoming"

P = "o/<slug:org_slug>/incoming/"
S = P + "stays/"
C = S + "<int:stay_pk>/"  # records of one stay
Q = C + "questionnaire/"


def crud(prefix: str, entity: str, create, update, delete=None):
    patterns = [
        path(f"{C}{prefix}/new/", create.as_view(), name=f"{entity}-create"),
        path(f"{C}{prefix}/<int:pk>/edit/", update.as_view(), name=f"{entity}-update"),
    ]
    if delete is not None:
        patterns.append(
            path(f"{C}{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{entity}-delete")
        )
    return patterns


urlpatterns = [
    # The foreigner's personal link: public, outside /o/, one questionnaire only.
    path("q/<str:token>/", public.PublicQuestionnaireView.as_view(), name="questionnaire-public"),
    path(
        "q/<str:token>/photo/", public.PublicPhotoView.as_view(), name="questionnaire-public-photo"
    ),
    path(
        "q/<str:token>/<slug:step>/",
        public.PublicQuestionnaireView.as_view(),
        name="questionnaire-public-step",
    ),
    # Registry and stays
    path(P, stays.OverviewView.as_view(), name="overview"),
    path(S, stays.StayListView.as_view(), name="stay-list"),
    path(S + "export/", stays.StayExportView.as_view(), name="stay-export"),
    path(S + "import/", stays.StayImportView.as_view(), name="stay-import"),
    path(S + "import/template/", stays.StayImportTemplateView.as_view(), name="import-template"),
    path(S + "new/", stays.StayCreateView.as_view(), name="stay-create"),
    path(S + "<int:pk>/", stays.StayDetailView.as_view(), name="stay-detail"),
    path(S + "<int:pk>/edit/", stays.StayUpdateView.as_view(), name="stay-update"),
    path(S + "<int:pk>/status/", stays.StayTransitionView.as_view(), name="stay-transition"),
    path(S + "<int:pk>/transfer/", stays.StayTransferView.as_view(), name="stay-transfer"),
    path(S + "<int:pk>/assessment/", stays.StayAssessView.as_view(), name="stay-assess"),
    path(S + "<int:pk>/check-in/", care.CheckInView.as_view(), name="stay-check-in"),
    path(
        S + "<int:pk>/questionnaire-link/",
        questionnaire.QuestionnaireLinkIssueView.as_view(),
        name="questionnaire-link",
    ),
    path(P + "tasks/", stays.TaskListView.as_view(), name="task-list"),
    path(C + "tasks/<int:pk>/done/", stays.TaskDoneView.as_view(), name="task-done"),
    path(P + "settings/", stays.SettingsView.as_view(), name="settings"),
    # Origin facts and legal status of the person (R2.7)
    path(
        P + "persons/<int:person_pk>/origin/new/",
        stays.OriginFactCreateView.as_view(),
        name="origin-fact-create",
    ),
    path(
        P + "persons/<int:person_pk>/origin/<int:pk>/delete/",
        stays.OriginFactDeleteView.as_view(),
        name="origin-fact-delete",
    ),
    path(
        P + "persons/<int:person_pk>/legal-status/new/",
        stays.LegalStatusCreateView.as_view(),
        name="legal-status-create",
    ),
    # Migration and medical records of a stay
    *crud("visas", "visa", records.VisaCreateView, records.VisaUpdateView, records.VisaDeleteView),
    *crud(
        "registrations",
        "registration",
        records.RegistrationCreateView,
        records.RegistrationUpdateView,
        records.RegistrationDeleteView,
    ),
    *crud(
        "permits",
        "permit",
        records.PermitCreateView,
        records.PermitUpdateView,
        records.PermitDeleteView,
    ),
    *crud(
        "insurance",
        "insurance",
        records.InsuranceCreateView,
        records.InsuranceUpdateView,
        records.InsuranceDeleteView,
    ),
    *crud(
        "examinations",
        "medical-exam",
        records.MedicalExamCreateView,
        records.MedicalExamUpdateView,
        records.MedicalExamDeleteView,
    ),
    *crud("treatment", "treatment", records.TreatmentCreateView, records.TreatmentUpdateView),
    # Questionnaire (A1)
    path(Q, questionnaire.QuestionnaireDetailView.as_view(), name="questionnaire-detail"),
    path(Q + "edit/", questionnaire.QuestionnaireEditView.as_view(), name="questionnaire-edit"),
    path(
        Q + "revoke/", questionnaire.QuestionnaireRevokeView.as_view(), name="questionnaire-revoke"
    ),
    path(
        Q + "accept/", questionnaire.QuestionnaireAcceptView.as_view(), name="questionnaire-accept"
    ),
    path(
        Q + "return/", questionnaire.QuestionnaireReturnView.as_view(), name="questionnaire-return"
    ),
    path(Q + "pdf/", questionnaire.QuestionnairePdfView.as_view(), name="questionnaire-pdf"),
    path(Q + "docx/", questionnaire.QuestionnaireDocxView.as_view(), name="questionnaire-docx"),
    path(Q + "photo/", questionnaire.QuestionnairePhotoView.as_view(), name="questionnaire-photo"),
    path(
        Q + "consent/withdraw/",
        questionnaire.ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    # Documents and the enrollment order (R8.4)
    path(P + "documents/", documents.IncompleteFilesView.as_view(), name="incomplete-files"),
    path(P + "checklist/", documents.RequiredDocumentListView.as_view(), name="checklist"),
    path(
        P + "checklist/new/",
        documents.RequiredDocumentCreateView.as_view(),
        name="required-document-create",
    ),
    path(
        P + "checklist/<int:pk>/edit/",
        documents.RequiredDocumentUpdateView.as_view(),
        name="required-document-update",
    ),
    path(
        P + "checklist/<int:pk>/delete/",
        documents.RequiredDocumentDeleteView.as_view(),
        name="required-document-delete",
    ),
    path(
        C + "documents/<int:required_pk>/",
        documents.StayDocumentSetView.as_view(),
        name="stay-document-set",
    ),
    path(
        C + "documents/<int:pk>/copy/",
        documents.StayDocumentCopyView.as_view(),
        name="stay-document-copy",
    ),
    path(P + "orders/", documents.EnrollmentOrderListView.as_view(), name="enrollment-order-list"),
    path(
        P + "orders/new/",
        documents.EnrollmentOrderCreateView.as_view(),
        name="enrollment-order-create",
    ),
    path(
        P + "orders/<int:pk>/",
        documents.EnrollmentOrderDetailView.as_view(),
        name="enrollment-order-detail",
    ),
    path(
        P + "orders/<int:pk>/docx/",
        documents.EnrollmentOrderDocxView.as_view(),
        name="enrollment-order-docx",
    ),
    # Housing (R8.8)
    path(P + "housing/", care.HousingView.as_view(), name="housing"),
    path(P + "housing/new/", care.DormitoryCreateView.as_view(), name="dormitory-create"),
    path(P + "housing/<int:pk>/edit/", care.DormitoryUpdateView.as_view(), name="dormitory-update"),
    path(
        P + "housing/<int:dormitory_pk>/rooms/new/",
        care.RoomCreateView.as_view(),
        name="room-create",
    ),
    path(
        P + "housing/<int:dormitory_pk>/rooms/<int:pk>/edit/",
        care.RoomUpdateView.as_view(),
        name="room-update",
    ),
    path(C + "accommodations/<int:pk>/move/", care.MoveView.as_view(), name="accommodation-move"),
    path(
        C + "accommodations/<int:pk>/check-out/",
        care.CheckOutView.as_view(),
        name="accommodation-check-out",
    ),
    # Briefings (R8.9)
    path(P + "briefings/", care.BriefingListView.as_view(), name="briefing-list"),
    path(P + "briefings/new/", care.BriefingCreateView.as_view(), name="briefing-create"),
    path(P + "briefings/<int:pk>/", care.BriefingDetailView.as_view(), name="briefing-detail"),
    path(
        P + "briefings/<int:briefing_pk>/attendance/<int:pk>/",
        care.AttendanceToggleView.as_view(),
        name="attendance-toggle",
    ),
    # Preparatory department (R8.14)
    path(
        P + "preparatory/",
        care.PreparatoryGroupListView.as_view(),
        name="preparatory-group-list",
    ),
    path(
        P + "preparatory/new/",
        care.PreparatoryGroupCreateView.as_view(),
        name="preparatory-group-create",
    ),
    path(
        P + "preparatory/<int:pk>/",
        care.PreparatoryGroupDetailView.as_view(),
        name="preparatory-group-detail",
    ),
    path(
        P + "preparatory/<int:pk>/edit/",
        care.PreparatoryGroupUpdateView.as_view(),
        name="preparatory-group-update",
    ),
]
