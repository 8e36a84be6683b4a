import datetime as dt

import factory

from yntymaq.outbound.enums import (
    CandidateCategory,
    CefrLevel,
    DocumentCode,
    Funding,
    Language,
    PlanStatus,
    Purpose,
    ReportKind,
    TrainingKind,
    TripKind,
    TripStatus,
)
from yntymaq.outbound.models import (
    Candidate,
    CandidateLanguage,
    DocumentRequirement,
    OutboundSettings,
    PlanRow,
    ReportAttachment,
    TrainingCourse,
    TrainingParticipant,
    TrainingSession,
    Trip,
    TripDocument,
    TripPlan,
    TripReport,
)

from .core import OrganizationFactory
from .people import PDF_BYTES, PersonFactory
from .service import UnitFactory

SAME_ORG = factory.SelfAttribute("..organization")


class OutboundSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboundSettings
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)


class DocumentRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentRequirement

    organization = factory.SubFactory(OrganizationFactory)
    code = DocumentCode.OTHER
    name = factory.Sequence(lambda n: f"Справка о прививках {n}")
    position = 100


class TripPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TripPlan

    organization = factory.SubFactory(OrganizationFactory)
    unit = factory.SubFactory(UnitFactory, organization=SAME_ORG)
    year = 2026
    title = factory.Sequence(lambda n: f"План командирований {n}")
    status = PlanStatus.DRAFT


class PlanRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRow

    organization = factory.SubFactory(OrganizationFactory)
    plan = factory.SubFactory(TripPlanFactory, organization=SAME_ORG)
    person = factory.SubFactory(PersonFactory, organization=SAME_ORG)
    country = "DE"
    city = "Берлин"
    host_organization = factory.Sequence(lambda n: f"Freie Universität Berlin {n}")
    purpose = Purpose.STUDY
    kind = TripKind.MOBILITY_SEMESTER
    planned_departure = dt.date(2026, 9, 1)
    planned_return = dt.date(2027, 1, 31)
    funding = Funding.ORGANIZATION
    estimated_cost = 2500000


class TripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trip

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=SAME_ORG)
    unit = factory.SubFactory(UnitFactory, organization=SAME_ORG)
    kind = TripKind.INTERNSHIP
    purpose = Purpose.RESEARCH
    host_organization = factory.Sequence(lambda n: f"Seoul National University {n}")
    country = "KR"
    city = "Сеул"
    address_abroad = "Gwanak-ro 1, Seoul"
    residence_in_kazakhstan = "Алматы, ул. Абая, 10"
    planned_departure = dt.date(2026, 3, 2)
    planned_return = dt.date(2026, 3, 27)
    funding = Funding.ORGANIZATION
    exit_documents_due = dt.date(2026, 2, 16)
    status = TripStatus.PLANNED


class TripDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TripDocument

    organization = factory.SubFactory(OrganizationFactory)
    trip = factory.SubFactory(TripFactory, organization=SAME_ORG)
    code = DocumentCode.PASSPORT
    name = "Паспорт"
    copy = factory.django.FileField(data=PDF_BYTES, filename="passport.pdf")


class TripReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TripReport

    organization = factory.SubFactory(OrganizationFactory)
    trip = factory.SubFactory(
        TripFactory,
        organization=SAME_ORG,
        status=TripStatus.RETURNED,
        actual_departure=dt.date(2026, 3, 2),
        actual_return=dt.date(2026, 3, 27),
    )
    kind = ReportKind.FULL
    due_on = dt.date(2026, 4, 10)


class ReportAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportAttachment

    organization = factory.SubFactory(OrganizationFactory)
    report = factory.SubFactory(TripReportFactory, organization=SAME_ORG)
    title = factory.Sequence(lambda n: f"Транскрипт с переводом {n}")
    file = factory.django.FileField(data=PDF_BYTES, filename="transcript.pdf")


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=SAME_ORG)
    unit = factory.SubFactory(UnitFactory, organization=SAME_ORG)
    category = CandidateCategory.STUDENT
    gpa = "3.50"
    countries_of_interest = ["DE", "FR"]
    included_on = dt.date(2025, 9, 15)


class CandidateLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateLanguage

    organization = factory.SubFactory(OrganizationFactory)
    candidate = factory.SubFactory(CandidateFactory, organization=SAME_ORG)
    language = Language.ENGLISH
    level = CefrLevel.B2
    certificate = "IELTS"
    score = "6.5"


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Немецкий язык перед стажировкой {n}")
    kind = TrainingKind.LANGUAGE
    language = Language.GERMAN
    starts_on = dt.date(2026, 1, 12)
    ends_on = dt.date(2026, 2, 20)
    hours = 40


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    organization = factory.SubFactory(OrganizationFactory)
    course = factory.SubFactory(TrainingCourseFactory, organization=SAME_ORG)
    date = dt.date(2026, 1, 14)
    topic = factory.Sequence(lambda n: f"Занятие по грамматике {n}")
    hours = 2


class TrainingParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingParticipant

    organization = factory.SubFactory(OrganizationFactory)
    course = factory.SubFactory(TrainingCourseFactory, organization=SAME_ORG)
    person = factory.SubFactory(PersonFactory, organization=SAME_ORG)


FACTORY_FOR_MODEL = {
    OutboundSettings: OutboundSettingsFactory,
    DocumentRequirement: DocumentRequirementFactory,
    TripPlan: TripPlanFactory,
    PlanRow: PlanRowFactory,
    Trip: TripFactory,
    TripDocument: TripDocumentFactory,
    TripReport: TripReportFactory,
    ReportAttachment: ReportAttachmentFactory,
    Candidate: CandidateFactory,
    CandidateLanguage: CandidateLanguageFactory,
    TrainingCourse: TrainingCourseFactory,
    TrainingSession: TrainingSessionFactory,
    TrainingParticipant: TrainingParticipantFactory,
}
