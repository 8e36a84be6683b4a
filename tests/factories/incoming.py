import datetime as dt
import hashlib
import io

import factory
from PIL import Image

from yntymaq.incoming.enums import (
    ArrivalLine,
    BriefingTopic,
    DocumentStatus,
    ExamResult,
    LegalStatus,
    OriginFactKind,
    PermitKind,
    RegistrationChannel,
    StayCategory,
    StayStatus,
    TaskKind,
)
from yntymaq.incoming.models import (
    Accommodation,
    Briefing,
    BriefingAttendance,
    Dormitory,
    EnrollmentOrder,
    IncomingSettings,
    InsurancePolicy,
    LegalStatusRecord,
    MedicalExam,
    OriginFact,
    Permit,
    PersonalDataConsent,
    PreparatoryGroup,
    Questionnaire,
    QuestionnaireLink,
    Registration,
    RequiredDocument,
    Room,
    Stay,
    StayDocument,
    StayEvent,
    StayTask,
    TreatmentRequest,
    Visa,
)

from .core import OrganizationFactory
from .people import PDF_BYTES, ForeignerFactory

ORG = factory.SelfAttribute("..organization")


def jpeg_bytes(width: int = 300, height: int = 400) -> bytes:
    """A real JPEG image (3×4 by default) for photo uploads."""
    output = io.BytesIO()
    Image.new("RGB", (width, height), (200, 180, 160)).save(output, format="JPEG")
    return output.getvalue()


class IncomingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomingSettings
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)


class StayFactory(factory.django.DjangoModelFactory):
    """An enrolled bachelor student from China on a state grant."""

    class Meta:
        model = Stay

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(ForeignerFactory, organization=ORG)
    # As the stay service fills it (incoming.services.stays.default_arrival_country).
    arrival_country = factory.LazyAttribute(lambda stay: stay.person.citizenship)
    category = StayCategory.MAIN_PROGRAM
    status = StayStatus.ENROLLED
    status_since = dt.date(2025, 9, 1)
    arrival_line = ArrivalLine.STATE_GRANT
    program_code = "6B04101"
    program_name = "Экономика"
    course = 1
    study_language = "русский"
    residence_place = "Общежитие № 1"
    arrival_date = dt.date(2025, 8, 25)
    expected_completion = dt.date(2029, 6, 30)
    expected_departure = dt.date(2029, 7, 15)


class StayEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StayEvent

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    to_status = StayStatus.ENROLLED
    on = dt.date(2025, 9, 1)


class OriginFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OriginFact

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(ForeignerFactory, organization=ORG)
    kind = OriginFactKind.DIASPORA
    since = dt.date(2020, 1, 1)


class LegalStatusRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalStatusRecord

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(ForeignerFactory, organization=ORG)
    status = LegalStatus.FOREIGN_CITIZEN
    since = dt.date(2025, 8, 25)


class StayTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StayTask

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG, status=StayStatus.EXPELLED)
    kind = TaskKind.CANCEL_VISA
    reason = StayStatus.EXPELLED
    due = dt.date(2026, 3, 5)


class VisaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visa

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    number = factory.Sequence(lambda n: f"V{n:07d}")
    valid_from = dt.date(2025, 8, 20)
    valid_to = dt.date(2026, 8, 19)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    channel = RegistrationChannel.EQONAQ
    filed_on = dt.date(2025, 8, 27)
    certificate_number = factory.Sequence(lambda n: f"R{n:07d}")
    valid_until = dt.date(2026, 8, 19)


class PermitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Permit

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    kind = PermitKind.MEDICAL_086
    issued_on = dt.date(2025, 8, 1)
    valid_until = dt.date(2026, 8, 1)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    last_name = factory.SelfAttribute("stay.person.last_name")
    first_name = factory.SelfAttribute("stay.person.first_name")
    sex = "M"
    citizenship = "CN"
    photo = factory.django.FileField(data=factory.LazyFunction(jpeg_bytes), filename="photo.jpg")


class QuestionnaireLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireLink

    organization = factory.SubFactory(OrganizationFactory)
    questionnaire = factory.SubFactory(QuestionnaireFactory, organization=ORG)
    token_hash = factory.Sequence(lambda n: hashlib.sha256(f"token-{n}".encode()).hexdigest())
    expires_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC) + dt.timedelta(days=14))


class PersonalDataConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalDataConsent

    organization = factory.SubFactory(OrganizationFactory)
    questionnaire = factory.SubFactory(QuestionnaireFactory, organization=ORG)
    operator_name = factory.SelfAttribute("organization.name_ru")
    operator_bin = factory.SelfAttribute("organization.bin")
    subject_name = factory.SelfAttribute("questionnaire.stay.person.full_name")
    purpose = "Обучение"
    term_until = dt.date(2030, 1, 1)
    data_list = "Анкета"
    given_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    organization = factory.SubFactory(OrganizationFactory)
    category = StayCategory.MAIN_PROGRAM
    code = factory.Sequence(lambda n: f"doc{n}")
    name_ru = factory.Sequence(lambda n: f"Копия паспорта {n}")
    name_kk = factory.Sequence(lambda n: f"Паспорт көшірмесі {n}")
    order = factory.Sequence(lambda n: n)


class StayDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StayDocument

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    required = factory.SubFactory(RequiredDocumentFactory, organization=ORG)
    status = DocumentStatus.RECEIVED
    copy = factory.django.FileField(data=PDF_BYTES, filename="copy.pdf")


class EnrollmentOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrollmentOrder

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"{100 + n}-С")
    date = dt.date(2025, 9, 1)
    title = factory.Sequence(lambda n: f"О зачислении иностранных граждан {n}")


class DormitoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dormitory

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Общежитие Достық {n}")
    address = "Астана, улица Сатпаева, 2"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    organization = factory.SubFactory(OrganizationFactory)
    dormitory = factory.SubFactory(DormitoryFactory, organization=ORG)
    number = factory.Sequence(lambda n: str(100 + n))
    capacity = 2


class AccommodationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accommodation

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    room = factory.SubFactory(RoomFactory, organization=ORG)
    check_in = dt.date(2025, 8, 26)


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    organization = factory.SubFactory(OrganizationFactory)
    held_on = dt.date(2025, 9, 3)
    topics = factory.LazyFunction(lambda: list(BriefingTopic.values))
    conducted_by = factory.Sequence(lambda n: f"Инспектор Сапарова {n}")


class BriefingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefingAttendance

    organization = factory.SubFactory(OrganizationFactory)
    briefing = factory.SubFactory(BriefingFactory, organization=ORG)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    acknowledged = True


class InsurancePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsurancePolicy

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    insurer = "Халык-Страхование"
    number = factory.Sequence(lambda n: f"P{n:06d}")
    valid_from = dt.date(2025, 8, 20)
    valid_to = dt.date(2026, 8, 19)


class MedicalExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MedicalExam

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    on = dt.date(2025, 9, 10)
    kind = "Флюорография"
    result = ExamResult.FIT
    next_due = dt.date(2026, 9, 10)


class TreatmentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatmentRequest

    organization = factory.SubFactory(OrganizationFactory)
    stay = factory.SubFactory(StayFactory, organization=ORG)
    on = dt.date(2025, 10, 1)
    description = "Запись к стоматологу"


class PreparatoryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreparatoryGroup

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"ПО-Рус-{n}")
    year = 2025
    language = "русский"


FACTORY_FOR_MODEL = {
    IncomingSettings: IncomingSettingsFactory,
    Stay: StayFactory,
    StayEvent: StayEventFactory,
    OriginFact: OriginFactFactory,
    LegalStatusRecord: LegalStatusRecordFactory,
    StayTask: StayTaskFactory,
    Visa: VisaFactory,
    Registration: RegistrationFactory,
    Permit: PermitFactory,
    Questionnaire: QuestionnaireFactory,
    QuestionnaireLink: QuestionnaireLinkFactory,
    PersonalDataConsent: PersonalDataConsentFactory,
    RequiredDocument: RequiredDocumentFactory,
    StayDocument: StayDocumentFactory,
    EnrollmentOrder: EnrollmentOrderFactory,
    Dormitory: DormitoryFactory,
    Room: RoomFactory,
    Accommodation: AccommodationFactory,
    Briefing: BriefingFactory,
    BriefingAttendance: BriefingAttendanceFactory,
    InsurancePolicy: InsurancePolicyFactory,
    MedicalExam: MedicalExamFactory,
    TreatmentRequest: TreatmentRequestFactory,
    PreparatoryGroup: PreparatoryGroupFactory,
}
