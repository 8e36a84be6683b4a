"""Demo data of the plans for `make demo`. Idempotent: creates only what is missing.

The university has a long-term plan 2025–2029 with targets, an approved work plan for the
demo academic year 2025/2026 with items (some done), international activities, conference
participation, the A2.9 record of 2025/2026 with its lists, analytical materials and an
approved proposal of priority specialties.
"""

from __future__ import annotations

import datetime as dt

from yntymaq.core.validators import kz_check_digit
from yntymaq.partners.queries import partner_choices
from yntymaq.people import services as people_services
from yntymaq.people.models import Person
from yntymaq.service.models import Unit

from . import services
from .enums import IndicatorKind, ItemStatus
from .models import (
    AnalyticalMaterial,
    AnnualPlan,
    AnnualPlanItem,
    ConferenceParticipation,
    ForeignersWork,
    Indicator,
    InternationalActivity,
    LongTermPlan,
    SpecialtyProposal,
)

DEMO_YEAR = 2025  # the demo academic year 2025/2026
HEAD = "head@demo-university.kz"

STAFF = [
    (("Нұрланова", "Сәуле", "Ерікқызы"), ("NURLANOVA", "SAULE"), dt.date(1981, 3, 17), "F"),
    (("Петров", "Андрей", "Иванович"), ("PETROV", "ANDREY"), dt.date(1975, 9, 30), "M"),
    (("Жұмабаев", "Дәурен", "Маратұлы"), ("ZHUMABAYEV", "DAUREN"), dt.date(1988, 6, 5), "M"),
]

LONG_TERM_PLAN = {
    "title": "Программа развития международного сотрудничества на 2025–2029 годы",
    "year_start": 2025,
    "year_end": 2029,
    "goals": (
        "Увеличить число иностранных обучающихся и преподавателей\n"
        "Развивать академическую мобильность студентов и преподавателей\n"
        "Расширить совместные образовательные программы и исследования\n"
        "Обеспечить всем выпускникам владение иностранным языком (R2.6)\n"
        "Развивать экспорт образовательных услуг (R2.8)"
    ),
    "approved_on": dt.date(2024, 12, 20),
    "approval_document": "Решение учёного совета, протокол № 5",
}

# kind, name, unit, targets 2025–2029, hand-entered actual for 2025
INDICATORS = [
    (IndicatorKind.FOREIGN_STUDENTS, "", "чел.", [120, 150, 180, 210, 250], None),
    (IndicatorKind.FOREIGN_STAFF, "", "чел.", [10, 12, 15, 18, 20], None),
    (IndicatorKind.AGREEMENTS_IN_FORCE, "", "ед.", [25, 30, 35, 40, 45], 27),
    (IndicatorKind.CITIZENS_SENT_ABROAD, "", "чел.", [40, 50, 60, 70, 80], 44),
    (IndicatorKind.JOINT_PUBLICATIONS, "", "ед.", [4, 6, 8, 10, 12], None),
    (IndicatorKind.LANGUAGE_CERTIFIED_GRADUATES, "", "%", [30, 40, 50, 60, 70], 33),
    (IndicatorKind.FOREIGN_TUITION_INCOME, "", "млн тенге", [350, 420, 500, 580, 650], 362.5),
    (IndicatorKind.CUSTOM, "Совместные образовательные программы", "ед.", [2, 3, 4, 5, 6], 2),
]

# The Kazakh wording of each plan activity (A2.5 in Kazakh), by its Russian wording.
PLAN_ITEMS_KK = {
    "Провести летнюю школу «Цифровые технологии в образовании» с университетом-партнёром": (
        "Серіктес университетпен «Білім берудегі цифрлық технологиялар» жазғы мектебін өткізу"
    ),
    "Организовать стажировки преподавателей в университетах-партнёрах": (
        "Оқытушылардың серіктес университеттерде тағылымдамадан өтуін ұйымдастыру"
    ),
    "Разработать совместную магистерскую программу двойного диплома": (
        "Қос дипломды бірлескен магистратура бағдарламасын әзірлеу"
    ),
    "Подать совместную заявку на грант по исследованию водных ресурсов Центральной Азии": (
        "Орталық Азияның су ресурстарын зерттеуге арналған грантқа бірлескен өтінім беру"
    ),
    "Издать сборник статей с зарубежными соавторами": (
        "Шетелдік қосавторлармен мақалалар жинағын шығару"
    ),
    "Провести ориентационную неделю для иностранных студентов": (
        "Шетелдік студенттерге арналған бейімдеу аптасын өткізу"
    ),
}

# activity, area, deadline, status, result, unit index, staff index
PLAN_ITEMS = [
    (
        "Провести летнюю школу «Цифровые технологии в образовании» с университетом-партнёром",
        "study",
        dt.date(2026, 7, 15),
        ItemStatus.DONE,
        "Проведена 1–14 июля 2026 года: 18 иностранных и 25 своих участников.",
        0,
        0,
    ),
    (
        "Организовать стажировки преподавателей в университетах-партнёрах",
        "professional_development",
        dt.date(2026, 5, 31),
        ItemStatus.DONE,
        "Стажировку прошли 6 преподавателей (Турция, Южная Корея).",
        0,
        1,
    ),
    (
        "Разработать совместную магистерскую программу двойного диплома",
        "joint_programs",
        dt.date(2026, 6, 30),
        ItemStatus.IN_PROGRESS,
        "",
        1,
        2,
    ),
    (
        "Подать совместную заявку на грант по исследованию водных ресурсов Центральной Азии",
        "joint_research",
        dt.date(2026, 3, 1),
        ItemStatus.DONE,
        "Заявка подана 20 февраля 2026 года.",
        1,
        1,
    ),
    (
        "Издать сборник статей с зарубежными соавторами",
        "publishing",
        dt.date(2026, 8, 20),
        ItemStatus.PLANNED,
        "",
        1,
        0,
    ),
    (
        "Провести ориентационную неделю для иностранных студентов",
        "other",
        dt.date(2025, 9, 10),
        ItemStatus.DONE,
        "Проведена для 46 первокурсников из 9 стран.",
        0,
        0,
    ),
]

ACTIVITIES = [
    {
        "title": "Летняя школа «Цифровые технологии в образовании»",
        "kind": "summer_school",
        "area": "study",
        "starts_on": dt.date(2026, 7, 1),
        "ends_on": dt.date(2026, 7, 14),
        "country": "KZ",
        "city": "Астана",
        "partners": "Университет Тампере (Финляндия)\nУниверситет Хаджеттепе (Турция)",
        "foreign_participants": 18,
        "own_participants": 25,
        "participants": "Студенты бакалавриата и магистратуры",
        "results": "Сертификаты 43 участникам; 3 совместных проекта.",
    },
    {
        "title": "Цикл гостевых лекций профессора Кён Хо Ли",
        "kind": "visiting_lecture",
        "area": "study",
        "starts_on": dt.date(2025, 11, 3),
        "ends_on": dt.date(2025, 11, 14),
        "country": "KZ",
        "city": "Астана",
        "partners": "Сеульский национальный университет",
        "foreign_participants": 1,
        "own_participants": 120,
        "participants": "",
        "results": "Прочитано 10 лекций по материаловедению.",
    },
    {
        "title": "Совместный семинар по водным ресурсам Центральной Азии",
        "kind": "seminar",
        "area": "joint_research",
        "starts_on": dt.date(2026, 2, 12),
        "ends_on": dt.date(2026, 2, 12),
        "online": True,
        "partners": "Ташкентский институт ирригации\nКыргызский национальный университет",
        "foreign_participants": 14,
        "own_participants": 9,
        "participants": "",
        "results": "Подготовлена совместная грантовая заявка.",
    },
]

# staff index, event, kind, online, country, city, start, end, role, paper
CONFERENCES = [
    (
        0,
        "EAIE Annual Conference 2025",
        "scientific",
        False,
        "FR",
        "Тулуза",
        dt.date(2025, 9, 9),
        dt.date(2025, 9, 12),
        "speaker",
        "Академическая мобильность в Центральной Азии: опыт Казахстана",
    ),
    (
        1,
        "Международная научно-практическая конференция «Наука и образование»",
        "scientific_practical",
        False,
        "KZ",
        "Алматы",
        dt.date(2025, 12, 4),
        dt.date(2025, 12, 5),
        "participant",
        "",
    ),
    (
        2,
        "Научно-методическая конференция по преподаванию РКИ",
        "scientific_methodical",
        True,
        "",
        "",
        dt.date(2026, 3, 18),
        dt.date(2026, 3, 18),
        "speaker",
        "Адаптация иностранных студентов на подготовительном отделении",
    ),
    (
        0,
        "Симпозиум ректоров университетов Центральной Азии",
        "symposium",
        False,
        "UZ",
        "Ташкент",
        dt.date(2026, 4, 22),
        dt.date(2026, 4, 23),
        "organizer",
        "",
    ),
]

WORK = {
    "academic_year": DEMO_YEAR,
    "group_formation": (
        "Группы иностранных студентов формируются по уровню владения языком обучения по итогам "
        "входного тестирования; смешанные группы с казахстанскими студентами — со второго курса."
    ),
    "language_training": (
        "Подготовительное отделение: 24 часа русского или казахского языка в неделю; "
        "языковой клуб и разговорные практикумы."
    ),
    "low_achievers": (
        "Консультации и наставники из числа старшекурсников; индивидуальные графики "
        "ликвидации задолженностей."
    ),
    "staff_development": (
        "Повышение квалификации прошли 2 преподавателя, работающих с иностранцами."
    ),
    "individual_plans": (
        "Индивидуальные планы выполнены 94% иностранных обучающихся; все приглашённые "
        "преподаватели выполнили планы полностью."
    ),
    "other_work": "Культурно-воспитательные мероприятия, неделя национальных культур.",
}

STAFF_DEVELOPMENT = [
    (0, "Преподавание русского языка как иностранного", "РУДН, онлайн", 72, "№ 45-1123"),
    (2, "Межкультурная коммуникация в вузе", "Университет Анкары", 36, ""),
]
SPECIAL_COURSES = [
    ("special_course", "Деловой казахский язык", "Иностранные магистранты", "Жұмабаев Д. М.", 36),
    ("seminar", "Правовое положение иностранцев в Казахстане", "Все иностранные студенты", "", 8),
]
TEACHING_MATERIALS = [
    (
        "textbook",
        "Русский язык для иностранных студентов",
        "Нұрланова С. Е., Петров А. И.",
        2025,
        "русский",
    ),
    ("study_guide", "Қазақ тілі: бастауыш деңгей", "Жұмабаев Д. М.", 2025, "казахский"),
    (
        "methodical_instructions",
        "Методические указания по курсовым работам",
        "Петров А. И.",
        2026,
        "английский",
    ),
]
PUBLICATIONS = [
    (
        "Student mobility in Central Asia after 2020",
        "Nurlanova S., Lee K. H.",
        "Journal of Studies in International Education",
        2025,
        "академическая мобильность",
    ),
    (
        "Water management education: a comparative study",
        "Petrov A., Karimov B.",
        "Central Asian Journal of Water Research",
        2026,
        "водные ресурсы",
    ),
    (
        "Recognition of foreign qualifications in Kazakhstan",
        "Nurlanova S., Müller A.",
        "Higher Education Policy",
        2026,
        "академическая мобильность",
    ),
]

MATERIALS = [
    {
        "title": "Тенденции интернационализации высшего образования в ОЭСР",
        "kind": "world_trends",
        "topic": "интернационализация",
        "countries": ["DE", "FI", "NL"],
        "education_level": "bachelor",
        "author": "Нұрланова С. Е.",
        "prepared_on": dt.date(2025, 10, 15),
        "summary": "Обзор стратегий привлечения иностранных студентов и программ мобильности.",
    },
    {
        "title": "Сравнительный анализ систем подготовки докторов PhD: Казахстан и Южная Корея",
        "kind": "comparative_analysis",
        "topic": "докторантура",
        "countries": ["KR"],
        "education_level": "doctoral",
        "author": "Петров А. И.",
        "prepared_on": dt.date(2026, 2, 3),
        "summary": "Сравнение сроков, требований к публикациям и финансирования докторантуры.",
    },
    {
        "title": "Техническое и профессиональное образование в Германии и Казахстане",
        "kind": "comparative_analysis",
        "topic": "дуальное обучение",
        "countries": ["DE"],
        "education_level": "technical_vocational",
        "author": "Жұмабаев Д. М.",
        "prepared_on": dt.date(2026, 4, 10),
        "summary": "Дуальная модель, участие работодателей, признание квалификаций.",
    },
]

SPECIALTIES = [
    {
        "code": "6B07101",
        "name": "Атомная энергетика",
        "level": "bachelor",
        "justification": "Подготовка кадров для строительства первой АЭС в Казахстане.",
        "countries": ["KR", "FR"],
        "partners": "KAIST\nГренобльский политехнический институт",
    },
    {
        "code": "7M06102",
        "name": "Искусственный интеллект",
        "level": "master",
        "justification": "Нехватка специалистов в области машинного обучения.",
        "countries": ["US", "SG"],
        "partners": "Национальный университет Сингапура",
    },
    {
        "code": "8D08601",
        "name": "Водные ресурсы и водопользование",
        "level": "doctoral",
        "justification": "Дефицит воды в регионе и трансграничное сотрудничество.",
        "countries": ["NL", "IL"],
        "partners": "IHE Delft",
    },
]


def _iin(birth: dt.date, sex: str) -> str:
    """A valid IIN; serials from 700 keep clear of the other apps' demo persons."""
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (1 if sex == "F" else 0)
    serial = 700
    while True:
        head = f"{birth:%y%m%d}{century}{serial:04d}"
        control = kz_check_digit(head)
        if control is not None:
            return head + str(control)
        serial += 1


def _staff(organization) -> list[Person]:
    persons = []
    for cyrillic, latin, birth, sex in STAFF:
        person = (
            Person.objects.for_org(organization)
            .filter(last_name_latin=latin[0], first_name_latin=latin[1])
            .first()
        )
        if person is None:
            person = people_services.person_create(
                organization=organization,
                actor=None,
                data={
                    "last_name": cyrillic[0],
                    "first_name": cyrillic[1],
                    "patronymic": cyrillic[2],
                    "last_name_latin": latin[0],
                    "first_name_latin": latin[1],
                    "birth_date": birth,
                    "sex": sex,
                    "citizenship": "KZ",
                    "iin": _iin(birth, sex),
                },
            )
        persons.append(person)
    return persons


def _long_term_plan(organization, actor) -> LongTermPlan:
    plan = LongTermPlan.objects.for_org(organization).filter(title=LONG_TERM_PLAN["title"]).first()
    if plan is None:
        plan = services.long_term_plan_create(
            organization=organization, actor=actor, data=LONG_TERM_PLAN
        )
    for kind, name, unit_label, targets, actual in INDICATORS:
        indicator = Indicator.objects.for_org(organization).filter(plan=plan, kind=kind).first()
        if indicator is not None:
            continue
        indicator = services.indicator_create(
            plan=plan, actor=actor, data={"kind": kind, "name": name, "unit_label": unit_label}
        )
        for year, target in zip(plan.years, targets, strict=True):
            data = {"year": year, "target": target}
            if year == 2025 and actual is not None:
                data["actual"] = actual
            services.indicator_value_set(indicator=indicator, actor=actor, data=data)
    return plan


def _annual_plan(organization, actor, plan, staff, units) -> None:
    annual = AnnualPlan.objects.for_org(organization).filter(academic_year=DEMO_YEAR).first()
    if annual is not None:
        return
    annual = services.annual_plan_create(
        organization=organization,
        actor=actor,
        data={"academic_year": DEMO_YEAR, "long_term_plan": plan, "title": ""},
    )
    items = []
    for activity, area, deadline, _status, _result, unit, person in PLAN_ITEMS:
        items.append(
            services.annual_plan_item_create(
                plan=annual,
                actor=actor,
                data={
                    "activity": activity,
                    "activity_kk": PLAN_ITEMS_KK[activity],
                    "area": area,
                    "deadline": deadline,
                    "unit": units[unit % len(units)] if units else None,
                    "responsible": staff[person],
                },
            )
        )
    services.annual_plan_approve(plan=annual, actor=actor)
    for item, (*_rest, status, result, _unit, _person) in zip(items, PLAN_ITEMS, strict=True):
        if status != ItemStatus.PLANNED:
            services.annual_plan_item_report_progress(
                item=item, actor=actor, status=status, result=result
            )


def _activities(organization, actor) -> None:
    item = (
        AnnualPlanItem.objects.for_org(organization)
        .filter(plan__academic_year=DEMO_YEAR, area="study")
        .order_by("deadline", "id")
        .last()
    )
    for data in ACTIVITIES:
        if InternationalActivity.objects.for_org(organization).filter(title=data["title"]).exists():
            continue
        link = {}
        if data["kind"] == "summer_school":
            # The first partners of the partners registry, where its demo data has any.
            link = {"plan_item": item, "registry_partners": list(partner_choices(organization)[:2])}
        services.activity_create(organization=organization, actor=actor, data={**data, **link})


def _conferences(organization, actor, staff) -> None:
    for person, event, kind, online, country, city, start, end, role, paper in CONFERENCES:
        exists = (
            ConferenceParticipation.objects.for_org(organization)
            .filter(event=event, person=staff[person])
            .exists()
        )
        if exists:
            continue
        services.conference_participation_create(
            organization=organization,
            actor=actor,
            data={
                "person": staff[person],
                "event": event,
                "kind": kind,
                "online": online,
                "country": country,
                "city": city,
                "starts_on": start,
                "ends_on": end,
                "role": role,
                "paper_title": paper,
            },
        )


def _work_with_foreigners(organization, actor, staff) -> None:
    if ForeignersWork.objects.for_org(organization).filter(academic_year=DEMO_YEAR).exists():
        return
    work = services.foreigners_work_create(organization=organization, actor=actor, data=WORK)
    for person, title, provider, hours, certificate in STAFF_DEVELOPMENT:
        services.staff_development_create(
            work=work,
            actor=actor,
            data={
                "person": staff[person],
                "title": title,
                "provider": provider,
                "hours": hours,
                "certificate": certificate,
                "starts_on": dt.date(2026, 1, 12),
                "ends_on": dt.date(2026, 1, 23),
            },
        )
    for kind, title, audience, lecturer, hours in SPECIAL_COURSES:
        services.special_course_create(
            work=work,
            actor=actor,
            data={
                "kind": kind,
                "title": title,
                "audience": audience,
                "lecturer": lecturer,
                "hours": hours,
            },
        )
    for kind, title, authors, year, language in TEACHING_MATERIALS:
        services.teaching_material_create(
            work=work,
            actor=actor,
            data={
                "kind": kind,
                "title": title,
                "authors": authors,
                "year": year,
                "language": language,
            },
        )
    for title, authors, venue, year, topic in PUBLICATIONS:
        services.joint_publication_create(
            work=work,
            actor=actor,
            data={"title": title, "authors": authors, "venue": venue, "year": year, "topic": topic},
        )


def _materials(organization, actor) -> None:
    for data in MATERIALS:
        if AnalyticalMaterial.objects.for_org(organization).filter(title=data["title"]).exists():
            continue
        services.analytical_material_create(organization=organization, actor=actor, data=data)


def _specialties(organization, actor) -> None:
    year = DEMO_YEAR + 2
    if SpecialtyProposal.objects.for_org(organization).filter(year=year).exists():
        return
    proposal = services.specialty_proposal_create(
        organization=organization,
        actor=actor,
        data={"year": year, "notes": "Предложения факультетов, одобренные учёным советом."},
    )
    for data in SPECIALTIES:
        services.priority_specialty_create(proposal=proposal, actor=actor, data=data)
    services.specialty_proposal_approve(proposal=proposal, actor=actor)


def seed(demo) -> None:
    organization = demo.university
    actor = demo.users.get(HEAD)
    staff = _staff(organization)
    units = list(Unit.objects.for_org(organization).order_by("id")[:2])
    plan = _long_term_plan(organization, actor)
    _annual_plan(organization, actor, plan, staff, units)
    _activities(organization, actor)
    _conferences(organization, actor, staff)
    _work_with_foreigners(organization, actor, staff)
    _materials(organization, actor)
    _specialties(organization, actor)
