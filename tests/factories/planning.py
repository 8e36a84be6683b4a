import datetime as dt

import factory

from yntymaq.planning.enums import (
    ActivityArea,
    ActivityKind,
    ConferenceKind,
    ConferenceRole,
    CourseKind,
    EducationLevel,
    IndicatorKind,
    MaterialKind,
    TeachingMaterialKind,
)
from yntymaq.planning.models import (
    AnalyticalMaterial,
    AnnualPlan,
    AnnualPlanItem,
    ConferenceParticipation,
    ForeignersWork,
    Indicator,
    IndicatorValue,
    InternationalActivity,
    JointPublication,
    LongTermPlan,
    PrioritySpecialty,
    SpecialCourse,
    SpecialtyProposal,
    StaffDevelopment,
    TeachingMaterial,
)

from .core import OrganizationFactory
from .people import PDF_BYTES, PersonFactory


class LongTermPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LongTermPlan

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Программа интернационализации {n}")
    year_start = 2025
    year_end = 2029
    goals = "Рост академической мобильности\nСовместные образовательные программы"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    organization = factory.SelfAttribute("plan.organization")
    plan = factory.SubFactory(LongTermPlanFactory)
    kind = IndicatorKind.CUSTOM
    name = factory.Sequence(lambda n: f"Совместные летние школы {n}")
    unit_label = "ед."
    position = factory.Sequence(lambda n: n)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    organization = factory.SelfAttribute("indicator.organization")
    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    target = 10
    actual = None
    note = factory.Sequence(lambda n: f"Комментарий к значению {n}")


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    organization = factory.SubFactory(OrganizationFactory)
    academic_year = factory.Sequence(lambda n: 2025 + n % 50)
    title = factory.Sequence(lambda n: f"План работы по международному сотрудничеству {n}")


class AnnualPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlanItem

    organization = factory.SelfAttribute("plan.organization")
    plan = factory.SubFactory(AnnualPlanFactory)
    activity = factory.Sequence(lambda n: f"Провести летнюю школу с партнёрами номер {n}")
    area = ActivityArea.STUDY
    deadline = factory.LazyAttribute(lambda o: dt.date(o.plan.academic_year, 12, 15))


class InternationalActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InternationalActivity

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Летняя школа по цифровым технологиям {n}")
    kind = ActivityKind.SUMMER_SCHOOL
    area = ActivityArea.STUDY
    starts_on = dt.date(2026, 7, 1)
    ends_on = dt.date(2026, 7, 14)
    country = "KZ"
    city = "Алматы"
    partners = "Университет Тампере"
    foreign_participants = 12
    own_participants = 20


class ConferenceParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceParticipation

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    event = factory.Sequence(lambda n: f"Международная конференция по образованию {n}")
    kind = ConferenceKind.SCIENTIFIC
    country = "TR"
    city = "Анкара"
    starts_on = dt.date(2025, 10, 14)
    ends_on = dt.date(2025, 10, 16)
    role = ConferenceRole.SPEAKER
    paper_title = factory.Sequence(lambda n: f"Академическая мобильность в Центральной Азии {n}")


class ForeignersWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForeignersWork

    organization = factory.SubFactory(OrganizationFactory)
    academic_year = factory.Sequence(lambda n: 2025 + n % 50)
    group_formation = "Группы формируются по уровню владения языком обучения."
    language_training = "Подготовительное отделение, 20 часов русского языка в неделю."


class StaffDevelopmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffDevelopment

    organization = factory.SelfAttribute("work.organization")
    work = factory.SubFactory(ForeignersWorkFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    title = factory.Sequence(lambda n: f"Преподавание РКИ: курс повышения квалификации {n}")
    provider = "РУДН, онлайн"
    hours = 72


class SpecialCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialCourse

    organization = factory.SelfAttribute("work.organization")
    work = factory.SubFactory(ForeignersWorkFactory)
    kind = CourseKind.SPECIAL_COURSE
    title = factory.Sequence(lambda n: f"Спецкурс: деловой казахский язык {n}")
    audience = "Иностранные магистранты"
    hours = 36


class TeachingMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingMaterial

    organization = factory.SelfAttribute("work.organization")
    work = factory.SubFactory(ForeignersWorkFactory)
    kind = TeachingMaterialKind.STUDY_GUIDE
    title = factory.Sequence(lambda n: f"Русский язык для иностранных студентов, часть {n}")
    authors = "Ахметова А. К., Смирнова О. В."
    year = 2025
    language = "русский"


class JointPublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointPublication

    organization = factory.SelfAttribute("work.organization")
    work = factory.SubFactory(ForeignersWorkFactory)
    title = factory.Sequence(lambda n: f"Mobility of students in Central Asia, study {n}")
    authors = "Seitkali A., Müller K."
    venue = "Journal of International Education"
    year = 2025
    topic = "академическая мобильность"


class AnalyticalMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnalyticalMaterial

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Тенденции интернационализации высшего образования {n}")
    kind = MaterialKind.WORLD_TRENDS
    topic = "интернационализация"
    countries = ["DE", "FI"]
    education_level = EducationLevel.BACHELOR
    author = "Ким С. В."
    prepared_on = dt.date(2025, 11, 20)
    summary = "Обзор политики привлечения иностранных студентов."
    file = factory.django.FileField(data=PDF_BYTES, filename="material.pdf")


class SpecialtyProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialtyProposal

    organization = factory.SubFactory(OrganizationFactory)
    year = factory.Sequence(lambda n: 2026 + n % 50)
    notes = factory.Sequence(lambda n: f"Предложения кафедр, протокол {n}")


class PrioritySpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrioritySpecialty

    organization = factory.SelfAttribute("proposal.organization")
    proposal = factory.SubFactory(SpecialtyProposalFactory)
    code = factory.Sequence(lambda n: f"6B07{n:03d}")
    name = factory.Sequence(lambda n: f"Атомная энергетика {n}")
    level = EducationLevel.BACHELOR
    justification = "Дефицит специалистов для строительства АЭС."
    countries = ["KR", "FR"]
    partners = "KAIST"


FACTORY_FOR_MODEL = {
    LongTermPlan: LongTermPlanFactory,
    Indicator: IndicatorFactory,
    IndicatorValue: IndicatorValueFactory,
    AnnualPlan: AnnualPlanFactory,
    AnnualPlanItem: AnnualPlanItemFactory,
    InternationalActivity: InternationalActivityFactory,
    ConferenceParticipation: ConferenceParticipationFactory,
    ForeignersWork: ForeignersWorkFactory,
    StaffDevelopment: StaffDevelopmentFactory,
    SpecialCourse: SpecialCourseFactory,
    TeachingMaterial: TeachingMaterialFactory,
    JointPublication: JointPublicationFactory,
    AnalyticalMaterial: AnalyticalMaterialFactory,
    SpecialtyProposal: SpecialtyProposalFactory,
    PrioritySpecialty: PrioritySpecialtyFactory,
}
