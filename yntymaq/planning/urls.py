from django.urls import path

from . import views as v

app_name = "planning"

P = "o/<slug:org_slug>/planning/"
LT = P + "long-term/"
IND = LT + "<int:plan_pk>/indicators/"
VAL = LT + "indicators/<int:indicator_pk>/values/"
AN = P + "annual/"
ITEM = AN + "<int:plan_pk>/items/"
ACT = P + "activities/"
CONF = P + "conferences/"
FW = P + "foreigners/"
FWC = FW + "<int:work_pk>/"
MAT = P + "materials/"
SP = P + "specialties/"
SPI = SP + "<int:proposal_pk>/items/"


def _crud(prefix: str, entity: str, create, update, delete):
    return [
        path(prefix + "new/", create.as_view(), name=f"{entity}-create"),
        path(prefix + "<int:pk>/edit/", update.as_view(), name=f"{entity}-update"),
        path(prefix + "<int:pk>/delete/", delete.as_view(), name=f"{entity}-delete"),
    ]


urlpatterns = [
    path(P, v.OverviewView.as_view(), name="overview"),
    # long-term plan (R2.1)
    path(LT, v.LongTermPlanListView.as_view(), name="long-term-plan-list"),
    path(LT + "<int:pk>/", v.LongTermPlanDetailView.as_view(), name="long-term-plan-detail"),
    path(LT + "<int:pk>/plan.xlsx", v.LongTermPlanXlsxView.as_view(), name="long-term-plan-xlsx"),
    *_crud(
        LT,
        "long-term-plan",
        v.LongTermPlanCreateView,
        v.LongTermPlanUpdateView,
        v.LongTermPlanDeleteView,
    ),
    *_crud(IND, "indicator", v.IndicatorCreateView, v.IndicatorUpdateView, v.IndicatorDeleteView),
    *_crud(
        VAL,
        "indicator-value",
        v.IndicatorValueSetView,
        v.IndicatorValueUpdateView,
        v.IndicatorValueDeleteView,
    ),
    # annual work plan (A2.5)
    path(AN, v.AnnualPlanListView.as_view(), name="annual-plan-list"),
    path(AN + "<int:pk>/", v.AnnualPlanDetailView.as_view(), name="annual-plan-detail"),
    path(AN + "<int:pk>/approve/", v.AnnualPlanApproveView.as_view(), name="annual-plan-approve"),
    path(AN + "<int:pk>/reopen/", v.AnnualPlanReopenView.as_view(), name="annual-plan-reopen"),
    path(AN + "<int:pk>/plan.docx", v.AnnualPlanDocxView.as_view(), name="annual-plan-docx"),
    path(AN + "<int:pk>/plan.xlsx", v.AnnualPlanXlsxView.as_view(), name="annual-plan-xlsx"),
    *_crud(
        AN,
        "annual-plan",
        v.AnnualPlanCreateView,
        v.AnnualPlanUpdateView,
        v.AnnualPlanDeleteView,
    ),
    *_crud(
        ITEM,
        "annual-plan-item",
        v.AnnualPlanItemCreateView,
        v.AnnualPlanItemUpdateView,
        v.AnnualPlanItemDeleteView,
    ),
    # international activities (R8.1)
    path(ACT, v.ActivityListView.as_view(), name="activity-list"),
    path(ACT + "export.xlsx", v.ActivityXlsxView.as_view(), name="activity-xlsx"),
    path(ACT + "<int:pk>/", v.ActivityDetailView.as_view(), name="activity-detail"),
    *_crud(ACT, "activity", v.ActivityCreateView, v.ActivityUpdateView, v.ActivityDeleteView),
    # conference participation (A2.8)
    path(CONF, v.ConferenceListView.as_view(), name="conference-list"),
    path(CONF + "export.xlsx", v.ConferenceXlsxView.as_view(), name="conference-xlsx"),
    *_crud(
        CONF,
        "conference",
        v.ConferenceCreateView,
        v.ConferenceUpdateView,
        v.ConferenceDeleteView,
    ),
    # work with foreigners (A2.9)
    path(FW, v.ForeignersWorkListView.as_view(), name="foreigners-work-list"),
    path(FW + "<int:pk>/", v.ForeignersWorkDetailView.as_view(), name="foreigners-work-detail"),
    path(
        FW + "<int:pk>/export.xlsx", v.ForeignersWorkXlsxView.as_view(), name="foreigners-work-xlsx"
    ),
    *_crud(
        FW,
        "foreigners-work",
        v.ForeignersWorkCreateView,
        v.ForeignersWorkUpdateView,
        v.ForeignersWorkDeleteView,
    ),
    *_crud(
        FWC + "staff-development/",
        "staff-development",
        v.StaffDevelopmentCreateView,
        v.StaffDevelopmentUpdateView,
        v.StaffDevelopmentDeleteView,
    ),
    *_crud(
        FWC + "special-courses/",
        "special-course",
        v.SpecialCourseCreateView,
        v.SpecialCourseUpdateView,
        v.SpecialCourseDeleteView,
    ),
    *_crud(
        FWC + "teaching-materials/",
        "teaching-material",
        v.TeachingMaterialCreateView,
        v.TeachingMaterialUpdateView,
        v.TeachingMaterialDeleteView,
    ),
    *_crud(
        FWC + "publications/",
        "joint-publication",
        v.JointPublicationCreateView,
        v.JointPublicationUpdateView,
        v.JointPublicationDeleteView,
    ),
    # analytical materials (R2.2, R2.4)
    path(MAT, v.MaterialListView.as_view(), name="material-list"),
    path(MAT + "export.xlsx", v.MaterialXlsxView.as_view(), name="material-xlsx"),
    path(MAT + "<int:pk>/", v.MaterialDetailView.as_view(), name="material-detail"),
    path(MAT + "<int:pk>/file/", v.MaterialFileView.as_view(), name="material-file"),
    *_crud(MAT, "material", v.MaterialCreateView, v.MaterialUpdateView, v.MaterialDeleteView),
    # priority specialties (R2.5)
    path(SP, v.SpecialtyProposalListView.as_view(), name="specialty-proposal-list"),
    path(
        SP + "<int:pk>/", v.SpecialtyProposalDetailView.as_view(), name="specialty-proposal-detail"
    ),
    path(
        SP + "<int:pk>/approve/",
        v.SpecialtyProposalApproveView.as_view(),
        name="specialty-proposal-approve",
    ),
    path(
        SP + "<int:pk>/reopen/",
        v.SpecialtyProposalReopenView.as_view(),
        name="specialty-proposal-reopen",
    ),
    path(
        SP + "<int:pk>/proposal.docx",
        v.SpecialtyProposalDocxView.as_view(),
        name="specialty-proposal-docx",
    ),
    path(
        SP + "<int:pk>/proposal.xlsx",
        v.SpecialtyProposalXlsxView.as_view(),
        name="specialty-proposal-xlsx",
    ),
    *_crud(
        SP,
        "specialty-proposal",
        v.SpecialtyProposalCreateView,
        v.SpecialtyProposalUpdateView,
        v.SpecialtyProposalDeleteView,
    ),
    *_crud(
        SPI,
        "priority-specialty",
        v.PrioritySpecialtyCreateView,
        v.PrioritySpecialtyUpdateView,
        v.PrioritySpecialtyDeleteView,
    ),
]
