"""Choices of the incoming app. Leaf module: imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StayStatus(models.TextChoices):
    """The life cycle of a stay; the allowed steps are in incoming.lifecycle."""

    INVITED = "invited", _("invited")
    ARRIVED = "arrived", _("arrived")
    ENROLLED = "enrolled", _("enrolled")
    WORKING = "working", _("working")
    ACADEMIC_LEAVE = "academic_leave", _("academic leave")
    COMPLETED = "completed", _("completed")
    EXPELLED = "expelled", _("expelled")
    TRANSFERRED = "transferred", _("transferred")
    DEPARTED = "departed", _("departed")


# Statuses in which the foreigner is in Kazakhstan on the organization's ground for stay.
PRESENT_STATUSES = (
    StayStatus.ARRIVED,
    StayStatus.ENROLLED,
    StayStatus.WORKING,
    StayStatus.ACADEMIC_LEAVE,
)
# Statuses in which the ground for stay has ended but departure is not yet recorded.
ENDED_STATUSES = (StayStatus.COMPLETED, StayStatus.EXPELLED, StayStatus.TRANSFERRED)


class StayCategory(models.TextChoices):
    MAIN_PROGRAM = "main_program", _("main-program student")
    PREPARATORY = "preparatory", _("preparatory-program student")
    DOCTORAL = "doctoral", _("doctoral student")
    TEACHER = "teacher", _("teacher")
    RESEARCHER = "researcher", _("researcher")
    OTHER = "other", _("other visitor")


STUDENT_CATEGORIES = (StayCategory.MAIN_PROGRAM, StayCategory.PREPARATORY, StayCategory.DOCTORAL)


class StudyLevel(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor's degree")
    MASTER = "master", _("master's degree")
    RESIDENCY = "residency", _("residency")
    INTERNSHIP = "internship", _("internship")
    DOCTORATE = "doctorate", _("doctorate (PhD)")
    VOCATIONAL = "vocational", _("technical and vocational education")
    SCHOOL = "school", _("school education")


class ArrivalLine(models.TextChoices):
    """The basis of the stay (A2.3 "line of arrival")."""

    STATE_GRANT = "state_grant", _("state educational grant")
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental-agreement quota")
    INTER_UNIVERSITY = "inter_university", _("inter-university agreement or exchange")
    ACADEMIC_MOBILITY = "academic_mobility", _("academic mobility program")
    PAID_CONTRACT = "paid_contract", _("paid contract")
    SENDING_STATE = "sending_state", _("sent by the sending state")
    OTHER = "other", pgettext_lazy("arrival line", "other")


class OriginFactKind(models.TextChoices):
    """Origin facts kept separately and dated (R2.7)."""

    DIASPORA = "diaspora", _("foreign Kazakh diaspora")
    KANDAS = "kandas", _("kandas status")
    QUOTA = "quota", _("admitted within the 4% quota")


class LegalStatus(models.TextChoices):
    FOREIGN_CITIZEN = "foreign_citizen", _("foreign citizen")
    TEMPORARY_RESIDENCE = "temporary_residence", _("temporary residence permit")
    KANDAS = "kandas", _("kandas")
    PERMANENT_RESIDENCE = "permanent_residence", _("permanent residence")
    CITIZEN = "citizen", _("citizen of Kazakhstan")


class VisaKind(models.TextChoices):
    C9 = "C9", _("C9 — study")
    C3 = "C3", _("C3 — work")
    B10 = "B10", _("B10 — research and academic")
    A5 = "A5", _("A5 — investor and others")
    OTHER = "other", pgettext_lazy("visa kind", "other")


class VisaEntries(models.TextChoices):
    SINGLE = "single", _("single entry")
    MULTIPLE = "multiple", _("multiple entry")


class RegistrationChannel(models.TextChoices):
    BERKUT = "berkut", _("Berkut (hotel and host notification)")
    EQONAQ = "eqonaq", _("e-Qonaq")
    VMP = "vmp", _("vmp.gov.kz")
    ISMP = "ismp", _("Migration Service Information System (IS MP)")
    EGOV = "egov", _("eGov portal")
    POLICE = "police", _("migration police in person")
    OTHER = "other", pgettext_lazy("registration channel", "other")


class PermitKind(models.TextChoices):
    TRP = "trp", _("temporary residence permit")
    FINGERPRINT = "fingerprint", _("fingerprint registration")
    MEDICAL_086 = "medical_086", _("medical form 086")


class TaskKind(models.TextChoices):
    CANCEL_VISA = "cancel_visa", _("cancel or shorten the visa")
    CANCEL_REGISTRATION = "cancel_registration", _("cancel or shorten the registration")
    TRACK_DEPARTURE = "track_departure", _("follow the departure")


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", pgettext_lazy("questionnaire", "submitted")
    RETURNED = "returned", _("returned for corrections")
    ACCEPTED = "accepted", _("accepted")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("single")
    MARRIED = "married", _("married")
    DIVORCED = "divorced", _("divorced")
    WIDOWED = "widowed", _("widowed")


class Kinship(models.TextChoices):
    """The rows of the A1.10 table, in the order of the form."""

    FATHER = "father", _("father")
    MOTHER = "mother", _("mother")
    BROTHER = "brother", _("brother")
    SISTER = "sister", _("sister")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    OTHER = "other", _("other close relative")


class EducationType(models.TextChoices):
    """Type of organization in A1.11: state, private, religious, secular, military."""

    STATE = "state", _("state")
    PRIVATE = "private", _("private")
    RELIGIOUS = "religious", _("religious")
    SECULAR = "secular", _("secular")
    MILITARY = "military", _("military")


class LanguageLevel(models.TextChoices):
    NONE = "none", _("none")
    BASIC = "basic", _("basic")
    INTERMEDIATE = "intermediate", _("intermediate")
    FLUENT = "fluent", _("fluent")
    NATIVE = "native", _("native")


class Motive(models.TextChoices):
    """The eight boxes of A1.14, in the order of the form: "совет родственников ( ) или
    других лиц ( )" are two boxes. Until migration 0003 they were one ("relatives_advice"),
    which the migration maps to ADVICE_RELATIVES, the box the merged label named first."""

    STATE_DIRECTION = "state_direction", _("sent by the state")
    ADVICE_RELATIVES = "advice_relatives", _("advice of relatives")
    ADVICE_OTHERS = "advice_others", _("advice of other persons")
    LOW_TUITION = "low_tuition", _("low tuition fees")
    HIGH_QUALITY = "high_quality", _("high level of education")
    KNOW_COUNTRY = "know_country", _("wish to get to know our country")
    CONTRACT = "contract", _("contract obligations")
    OTHER = "other", _("other motives")


class DocumentStatus(models.TextChoices):
    MISSING = "missing", _("missing")
    RECEIVED = "received", _("received")
    VERIFIED = "verified", _("verified")
    EXPIRED = "expired", _("expired")


class Transport(models.TextChoices):
    AIR = "air", _("by air")
    RAIL = "rail", _("by rail")
    ROAD = "road", _("by road")
    OTHER = "other", pgettext_lazy("transport", "other")


class BriefingTopic(models.TextChoices):
    """What a briefing explains (R8.9)."""

    LEGAL_STATUS = "legal_status", _("legislation on the legal status of foreigners")
    DORMITORY = "dormitory", _("rules of conduct and living in the dormitory")
    INTERNAL_RULES = "internal_rules", _("internal rules of the organization")
    LIABILITY = "liability", _("liability for breaking the law")


class ExamResult(models.TextChoices):
    FIT = "fit", _("fit")
    FOLLOW_UP = "follow_up", _("needs follow-up")
    UNFIT = "unfit", _("not fit")


class AssessmentResult(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", pgettext_lazy("assessment", "failed")
