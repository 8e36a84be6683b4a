from django.urls import path

from . import imports
from .views import agreements as a
from .views import implementation as i
from .views import links as lk
from .views import missions as m
from .views import partners as p
from .views import registry as r

app_name = "partners"

P = "o/<slug:org_slug>/partners/"
A = P + "agreements/"
ONE = A + "<int:pk>/"
CHILD = A + "<int:agreement_pk>/"
M = P + "missions/"
STAY = P + "stays/<int:stay_pk>/agreement/"
TRIP = P + "trips/<int:trip_pk>/host/"

urlpatterns = [
    # partners (R2.3)
    path(P, p.PartnerListView.as_view(), name="partner-list"),
    path(P + "new/", p.PartnerCreateView.as_view(), name="partner-create"),
    path(P + "export/", r.PartnerExportView.as_view(), name="partner-export"),
    path(P + "import/", r.ImportView.as_view(kind=imports.PARTNER_KIND), name="partner-import"),
    path(P + "settings/", a.PartnersSettingsView.as_view(), name="settings-edit"),
    path(P + "<int:pk>/", p.PartnerDetailView.as_view(), name="partner-detail"),
    path(P + "<int:pk>/edit/", p.PartnerUpdateView.as_view(), name="partner-update"),
    path(P + "<int:pk>/delete/", p.PartnerDeleteView.as_view(), name="partner-delete"),
    # agreements (R3, R8.2, A2.6)
    path(A, a.AgreementListView.as_view(), name="agreement-list"),
    path(A + "new/", a.AgreementCreateView.as_view(), name="agreement-create"),
    path(A + "export/", r.AgreementExportView.as_view(), name="agreement-export"),
    path(
        A + "import/",
        r.ImportView.as_view(kind=imports.AGREEMENT_KIND),
        name="agreement-import",
    ),
    path(ONE, a.AgreementDetailView.as_view(), name="agreement-detail"),
    path(ONE + "edit/", a.AgreementUpdateView.as_view(), name="agreement-update"),
    path(ONE + "delete/", a.AgreementDeleteView.as_view(), name="agreement-delete"),
    path(
        ONE + "submit/",
        a.AgreementTransitionView.as_view(action="submit"),
        name="agreement-submit",
    ),
    path(
        ONE + "approve/",
        a.AgreementTransitionView.as_view(action="approve"),
        name="agreement-approve",
    ),
    path(
        ONE + "return/",
        a.AgreementTransitionView.as_view(action="return"),
        name="agreement-return",
    ),
    path(
        ONE + "send/",
        a.AgreementTransitionView.as_view(action="send_to_authority"),
        name="agreement-send",
    ),
    path(
        ONE + "withdraw/",
        a.AgreementTransitionView.as_view(action="withdraw"),
        name="agreement-withdraw",
    ),
    path(ONE + "sign/", a.AgreementSignView.as_view(), name="agreement-sign"),
    path(ONE + "terminate/", a.AgreementTerminateView.as_view(), name="agreement-terminate"),
    path(ONE + "prolong/", a.AgreementProlongView.as_view(), name="agreement-prolong"),
    path(ONE + "renew/", a.AgreementRenewView.as_view(), name="agreement-renew"),
    path(ONE + "signed-copy/", a.AgreementSignedCopyView.as_view(), name="agreement-signed-copy"),
    path(
        ONE + "signed-copy/upload/",
        a.AgreementSignedCopyUploadView.as_view(),
        name="agreement-signed-copy-upload",
    ),
    path(
        ONE + "versions/new/",
        a.AgreementVersionCreateView.as_view(),
        name="agreement-version-create",
    ),
    path(
        CHILD + "versions/<int:pk>/",
        a.AgreementVersionDownloadView.as_view(),
        name="agreement-version-download",
    ),
    # implementation (R8.3, A2.7)
    path(ONE + "activities/new/", i.ActivityCreateView.as_view(), name="activity-create"),
    path(
        CHILD + "activities/<int:pk>/edit/", i.ActivityUpdateView.as_view(), name="activity-update"
    ),
    path(
        CHILD + "activities/<int:pk>/delete/",
        i.ActivityDeleteView.as_view(),
        name="activity-delete",
    ),
    path(ONE + "results/new/", i.ResultCreateView.as_view(), name="result-create"),
    path(CHILD + "results/<int:pk>/edit/", i.ResultUpdateView.as_view(), name="result-update"),
    path(CHILD + "results/<int:pk>/delete/", i.ResultDeleteView.as_view(), name="result-delete"),
    path(ONE + "summary/", i.YearlySummaryView.as_view(), name="summary-edit"),
    # stays and trips under agreements (R8.3, A2.3): the cards on the stay and trip pages
    path(STAY, lk.StayAgreementView.as_view(), name="stay-agreement-link"),
    path(STAY + "remove/", lk.StayAgreementUnlinkView.as_view(), name="stay-agreement-unlink"),
    path(TRIP, lk.TripPartnerView.as_view(), name="trip-partner-link"),
    path(TRIP + "remove/", lk.TripPartnerUnlinkView.as_view(), name="trip-partner-unlink"),
    # diplomatic missions and cultural centres (R8.12)
    path(M, m.MissionListView.as_view(), name="mission-list"),
    path(M + "new/", m.MissionCreateView.as_view(), name="mission-create"),
    path(M + "<int:pk>/", m.MissionDetailView.as_view(), name="mission-detail"),
    path(M + "<int:pk>/edit/", m.MissionUpdateView.as_view(), name="mission-update"),
    path(M + "<int:pk>/delete/", m.MissionDeleteView.as_view(), name="mission-delete"),
    path(
        M + "<int:pk>/contacts/new/",
        m.MissionContactCreateView.as_view(),
        name="mission-contact-create",
    ),
    path(
        M + "<int:mission_pk>/contacts/<int:pk>/edit/",
        m.MissionContactUpdateView.as_view(),
        name="mission-contact-update",
    ),
    path(
        M + "<int:mission_pk>/contacts/<int:pk>/delete/",
        m.MissionContactDeleteView.as_view(),
        name="mission-contact-delete",
    ),
]
