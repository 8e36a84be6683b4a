"""Data of the incoming app, one module per area (stays, migration, questionnaire, …)."""

from .briefings import Briefing, BriefingAttendance
from .documents import EnrollmentOrder, RequiredDocument, StayDocument
from .housing import Accommodation, Dormitory, Room
from .medical import InsurancePolicy, MedicalExam, TreatmentRequest
from .migration import Permit, Registration, Visa
from .preparatory import PreparatoryGroup
from .questionnaire import PersonalDataConsent, Questionnaire, QuestionnaireLink
from .stays import IncomingSettings, LegalStatusRecord, OriginFact, Stay, StayEvent, StayTask

__all__ = [
    "Accommodation",
    "Briefing",
    "BriefingAttendance",
    "Dormitory",
    "EnrollmentOrder",
    "IncomingSettings",
    "InsurancePolicy",
    "LegalStatusRecord",
    "MedicalExam",
    "OriginFact",
    "Permit",
    "PersonalDataConsent",
    "PreparatoryGroup",
    "Questionnaire",
    "QuestionnaireLink",
    "Registration",
    "RequiredDocument",
    "Room",
    "Stay",
    "StayDocument",
    "StayEvent",
    "StayTask",
    "TreatmentRequest",
    "Visa",
]
