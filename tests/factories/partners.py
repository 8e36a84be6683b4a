import datetime as dt

import factory
from django.utils import timezone

from yntymaq.partners.enums import (
    AgreementForm,
    AgreementKind,
    AgreementStatus,
    ApprovalStage,
    DecisionOutcome,
    MissionKind,
    PartnerKind,
    ResultKind,
)
from yntymaq.partners.models import (
    Agreement,
    AgreementDecision,
    AgreementStay,
    AgreementVersion,
    DiplomaticMission,
    ImplementationResult,
    MissionContact,
    Partner,
    PartnersSettings,
    PlannedActivity,
    Prolongation,
    TripPartnerLink,
    YearlySummary,
)

from .core import OrganizationFactory
from .incoming import StayFactory
from .outbound import TripFactory
from .people import PDF_BYTES


def docx_bytes(text: str = "Agreement") -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _today() -> dt.date:
    return timezone.localdate()


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    organization = factory.SubFactory(OrganizationFactory)
    kind = PartnerKind.UNIVERSITY
    name_original = factory.Sequence(lambda n: f"Universität Partnerstadt {n}")
    name_latin = factory.Sequence(lambda n: f"University of Partnerstadt {n}")
    name_ru = factory.Sequence(lambda n: f"Университет Партнерштадта {n}")
    name_kk = factory.Sequence(lambda n: f"Партнерштадт университеті {n}")
    country = "DE"
    city = "Berlin"
    website = "https://uni-partnerstadt.example.de"
    contacts = "Dr. Anna Schmidt, international office, +49 30 000000"


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement in force with a signed copy (drafts: DraftAgreementFactory)."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Соглашение об академической мобильности № {n}")
    our_number = factory.Sequence(lambda n: f"МС-{n:04d}")
    partner_number = factory.Sequence(lambda n: f"P-{n}")
    kind = AgreementKind.MOBILITY
    form = AgreementForm.BILATERAL
    subject_areas = factory.LazyFunction(lambda: ["mobility", "education"])
    mobility_places = 5
    status = AgreementStatus.IN_FORCE
    signed_on = factory.LazyFunction(lambda: _today() - dt.timedelta(days=400))
    valid_from = factory.LazyFunction(lambda: _today() - dt.timedelta(days=400))
    valid_to = factory.LazyFunction(lambda: _today() + dt.timedelta(days=700))
    signed_copy = factory.django.FileField(data=PDF_BYTES, filename="signed.pdf")
    sent_to_authority_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=420))
    authority_decided_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=410))

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [PartnerFactory(organization=obj.organization)]
        obj.partners.set(extracted)


class DraftAgreementFactory(AgreementFactory):
    status = AgreementStatus.DRAFT
    signed_on = None
    valid_from = None
    valid_to = None
    signed_copy = None
    sent_to_authority_at = None
    authority_decided_at = None


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    organization = factory.SelfAttribute("agreement.organization")
    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(data=PDF_BYTES, filename="v.pdf")
    original_name = "agreement.pdf"
    comment = factory.Sequence(lambda n: f"Редакция с правками партнёра {n}")


class AgreementDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementDecision

    organization = factory.SelfAttribute("agreement.organization")
    agreement = factory.SubFactory(AgreementFactory)
    stage = ApprovalStage.SERVICE
    outcome = DecisionOutcome.APPROVED
    comment = "Согласовано"
    decided_by_name = "Руководитель Службы"


class ProlongationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prolongation

    organization = factory.SelfAttribute("agreement.organization")
    agreement = factory.SubFactory(AgreementFactory)
    previous_valid_to = dt.date(2024, 12, 31)
    new_valid_to = dt.date(2026, 12, 31)
    basis = "Дополнительное соглашение № 1"


class PlannedActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedActivity

    organization = factory.SelfAttribute("agreement.organization")
    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Летняя школа по прикладной информатике {n}")
    starts_on = dt.date(2025, 7, 1)
    ends_on = dt.date(2025, 7, 14)


class ImplementationResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationResult

    organization = factory.SelfAttribute("agreement.organization")
    agreement = factory.SubFactory(AgreementFactory)
    date = factory.LazyFunction(lambda: _today() - dt.timedelta(days=30))
    kind = ResultKind.MOBILITY
    description = factory.Sequence(
        lambda n: f"Семестр обучения трёх студентов в партнёрском вузе {n}"
    )


class YearlySummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlySummary

    organization = factory.SelfAttribute("agreement.organization")
    agreement = factory.SubFactory(AgreementFactory)
    year = factory.Sequence(lambda n: 2000 + n)
    text = factory.Sequence(lambda n: f"Проведена совместная летняя школа и обмен студентами {n}")


class DiplomaticMissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiplomaticMission

    organization = factory.SubFactory(OrganizationFactory)
    kind = MissionKind.EMBASSY
    name = factory.Sequence(lambda n: f"Посольство Федеративной Республики Германия {n}")
    country = "DE"
    city = "Астана"
    address = "Астана, ул. Космонавтов, 62"
    phones = "+7 7172 79 12 00"
    email = "info@astana.diplo.de"


class MissionContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionContact

    organization = factory.SelfAttribute("mission.organization")
    mission = factory.SubFactory(DiplomaticMissionFactory)
    date = factory.LazyFunction(lambda: _today() - dt.timedelta(days=10))
    subject = factory.Sequence(lambda n: f"Продление визы стажёра по обмену {n}")
    stay = factory.SubFactory(StayFactory, organization=factory.SelfAttribute("..organization"))
    outcome = "Виза продлена до конца семестра"


class AgreementStayFactory(factory.django.DjangoModelFactory):
    """A foreigner's stay under an agreement in force."""

    class Meta:
        model = AgreementStay

    organization = factory.SubFactory(OrganizationFactory)
    agreement = factory.SubFactory(
        AgreementFactory, organization=factory.SelfAttribute("..organization")
    )
    stay = factory.SubFactory(StayFactory, organization=factory.SelfAttribute("..organization"))


class TripPartnerLinkFactory(factory.django.DjangoModelFactory):
    """A trip hosted by the partner of the agreement it is made under."""

    class Meta:
        model = TripPartnerLink

    organization = factory.SubFactory(OrganizationFactory)
    trip = factory.SubFactory(TripFactory, organization=factory.SelfAttribute("..organization"))
    agreement = factory.SubFactory(
        AgreementFactory, organization=factory.SelfAttribute("..organization")
    )
    partner = factory.LazyAttribute(lambda link: link.agreement.partners.first())


class PartnersSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnersSettings
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)
    expiry_first_alert_days = 120
    expiry_second_alert_days = 45


FACTORY_FOR_MODEL = {
    Partner: PartnerFactory,
    Agreement: AgreementFactory,
    AgreementVersion: AgreementVersionFactory,
    AgreementDecision: AgreementDecisionFactory,
    Prolongation: ProlongationFactory,
    PlannedActivity: PlannedActivityFactory,
    ImplementationResult: ImplementationResultFactory,
    YearlySummary: YearlySummaryFactory,
    DiplomaticMission: DiplomaticMissionFactory,
    MissionContact: MissionContactFactory,
    AgreementStay: AgreementStayFactory,
    TripPartnerLink: TripPartnerLinkFactory,
    PartnersSettings: PartnersSettingsFactory,
}
