"""Demo data of trips abroad for `make demo`. Idempotent: the university's trips are seeded
once (nothing is added when it already has trips).

The demo coordinator coordinates a unit (created through the service services when the
university has none). The unit has plans in draft, submitted and approved; the approved
plan's rows became trips in every status (planned, approved, documents ready, abroad,
returned with one overdue report, report accepted, cancelled); the reserve has candidates
(one selected for a place of the plan); two training courses have sessions and participants.
Dates are counted from today, so "who is abroad now" and R4.3 always show people.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.utils import timezone

from yntymaq.core.models import Membership
from yntymaq.people import services as people_services
from yntymaq.people.demo import demo_iin
from yntymaq.people.models import Person
from yntymaq.service import services as service_services
from yntymaq.service.models import Unit

from . import services
from .enums import DocumentStatus, ParticipantStatus, TripStatus
from .models import Trip

HEAD = "head@demo-university.kz"
COORDINATOR = "coordinator@demo-university.kz"

# Cyrillic name, Latin name, birth date, sex, phones, e-mail, home address in Kazakhstan
TRAVELLERS = {
    "berlin": (
        ("Жұмабаев", "Арман", "Серікұлы"),
        ("ZHUMABAYEV", "ARMAN"),
        dt.date(2003, 3, 14),
        "M",
        "+7 701 234 56 78",
        "arman.zh@demo-university.kz",
        "Астана, ул. Сарайшык, 7, кв. 12",
    ),
    "seoul": (
        ("Ким", "Алина", "Викторовна"),
        ("KIM", "ALINA"),
        dt.date(2001, 11, 2),
        "F",
        "+7 707 111 22 33",
        "alina.kim@demo-university.kz",
        "Алматы, мкр. Самал-2, 58",
    ),
    "ankara": (
        ("Оспанов", "Ерлан", "Бақытұлы"),
        ("OSPANOV", "YERLAN"),
        dt.date(1978, 5, 21),
        "M",
        "+7 702 555 44 11",
        "ospanov@demo-university.kz",
        "Астана, пр. Республики, 24",
    ),
    "lyon": (
        ("Садықова", "Мадина", "Асқарқызы"),
        ("SADYKOVA", "MADINA"),
        dt.date(1986, 8, 9),
        "F",
        "+7 705 777 88 99",
        "sadykova@demo-university.kz",
        "Астана, ул. Кенесары, 40",
    ),
    "cambridge": (
        ("Петров", "Сергей", "Николаевич"),
        ("PETROV", "SERGEY"),
        dt.date(1975, 1, 30),
        "M",
        "+7 701 999 00 11",
        "petrov@demo-university.kz",
        "Астана, ул. Достык, 13",
    ),
    "beijing": (
        ("Әбілқасымова", "Томирис", "Ерланқызы"),
        ("ABILKASSYMOVA", "TOMIRIS"),
        dt.date(2000, 6, 17),
        "F",
        "+7 708 321 65 87",
        "tomiris.a@demo-university.kz",
        "Шымкент, ул. Тауке хана, 5",
    ),
    "tsukuba": (
        ("Байтұрсынов", "Нұржан", "Қайратұлы"),
        ("BAITURSYNOV", "NURZHAN"),
        dt.date(1990, 12, 1),
        "M",
        "+7 776 404 50 60",
        "n.baitursynov@demo-university.kz",
        "Астана, ул. Иманова, 19",
    ),
    "krakow": (
        ("Ахметова", "Жанар", "Муратқызы"),
        ("AKHMETOVA", "ZHANAR"),
        dt.date(1995, 4, 27),
        "F",
        "+7 747 202 30 40",
        "zh.akhmetova@demo-university.kz",
        "Караганда, ул. Ерубаева, 33",
    ),
    "bologna": (
        ("Серікбаев", "Данияр", "Талғатұлы"),
        ("SERIKBAYEV", "DANIYAR"),
        dt.date(2002, 9, 12),
        "M",
        "+7 700 600 70 80",
        "daniyar.s@demo-university.kz",
        "Астана, ул. Кабанбай батыра, 11",
    ),
    "reserve_1": (
        ("Нұрғали", "Айым", "Бекқызы"),
        ("NURGALI", "AIYM"),
        dt.date(2003, 7, 7),
        "F",
        "+7 701 808 90 10",
        "aiym.n@demo-university.kz",
        "Астана, ул. Жубанова, 3",
    ),
    "reserve_2": (
        ("Лебедева", "Ольга", "Игоревна"),
        ("LEBEDEVA", "OLGA"),
        dt.date(1988, 2, 19),
        "F",
        "+7 705 404 12 34",
        "lebedeva@demo-university.kz",
        "Астана, ул. Бейбитшилик, 9",
    ),
    "reserve_3": (
        ("Төлеуов", "Бауыржан", "Әділұлы"),
        ("TOLEUOV", "BAURZHAN"),
        dt.date(1983, 10, 23),
        "M",
        "+7 702 303 40 50",
        "toleuov@demo-university.kz",
        "Астана, ул. Ауэзова, 21",
    ),
}


def _person(organization, key) -> Person:
    cyrillic, latin, birth, sex, phones, email, _home = TRAVELLERS[key]
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
                "iin": demo_iin(birth, sex),
                "phones": phones,
                "email": email,
            },
        )
    return person


def _coordinated_unit(organization, coordinator: Membership, actor) -> Unit:
    """The unit the demo coordinator coordinates; attach them (and create it) if needed."""
    unit = Unit.objects.for_org(organization).filter(coordinators=coordinator).first()
    if unit is not None:
        return unit
    unit = Unit.objects.for_org(organization).order_by("id").first()
    if unit is None:
        return service_services.unit_create(
            organization=organization,
            actor=actor,
            data={
                "name_ru": "Факультет международных отношений",
                "name_kk": "Халықаралық қатынастар факультеті",
                "address": "Астана, проспект Кабанбай батыра, 53",
                "building": "2",
                "room": "214",
                "works_on_external_relations": True,
                "coordinators": [coordinator],
            },
        )
    return service_services.unit_update(
        unit=unit,
        actor=actor,
        data={"coordinators": [*unit.coordinators.all(), coordinator]},
    )


def _row(today, *, country, city, host, purpose, kind, start, days, funding, cost):
    return {
        "country": country,
        "city": city,
        "host_organization": host,
        "purpose": purpose,
        "kind": kind,
        "planned_departure": today + timedelta(days=start),
        "planned_return": today + timedelta(days=start + days),
        "funding": funding,
        "estimated_cost": cost,
    }


def _receive_documents(trip, actor, passport_valid_until):
    for document in trip.documents.all():
        services.trip_document_update(
            document=document,
            actor=actor,
            data={
                "status": DocumentStatus.RECEIVED,
                "valid_until": passport_valid_until if document.code == "passport" else None,
            },
        )


def seed(demo) -> None:
    organization = demo.university
    if Trip.objects.for_org(organization).exists():
        return
    head, coordinator_user = demo.users[HEAD], demo.users[COORDINATOR]
    coordinator = Membership.objects.get(user=coordinator_user, organization=organization)
    unit = _coordinated_unit(organization, coordinator, head)
    today = timezone.localdate()
    people = {key: _person(organization, key) for key in TRAVELLERS}

    # --- the approved plan and its trips (R8.5) -----------------------------------------------
    rows = [
        (
            "berlin",
            _row(
                today,
                country="DE",
                city="Берлин",
                host="Freie Universität Berlin",
                purpose="study",
                kind="mobility_semester",
                start=-60,
                days=150,
                funding="organization",
                cost=3200000,
            ),
        ),
        (
            "seoul",
            _row(
                today,
                country="KR",
                city="Сеул",
                host="Seoul National University",
                purpose="research",
                kind="internship",
                start=-30,
                days=60,
                funding="host",
                cost=450000,
            ),
        ),
        (
            "ankara",
            _row(
                today,
                country="TR",
                city="Анкара",
                host="Ankara Üniversitesi",
                purpose="work",
                kind="teaching",
                start=-20,
                days=30,
                funding="host",
                cost=0,
            ),
        ),
        (
            "lyon",
            _row(
                today,
                country="FR",
                city="Лион",
                host="Université Claude Bernard Lyon 1",
                purpose="research",
                kind="conference",
                start=-26,
                days=6,
                funding="organization",
                cost=980000,
            ),
        ),
        (
            "cambridge",
            _row(
                today,
                country="GB",
                city="Кембридж",
                host="University of Cambridge",
                purpose="research",
                kind="research_visit",
                start=-110,
                days=21,
                funding="grant",
                cost=1500000,
            ),
        ),
        (
            "beijing",
            _row(
                today,
                country="CN",
                city="Пекин",
                host="Peking University",
                purpose="study",
                kind="degree_study",
                start=25,
                days=730,
                funding="bolashak",
                cost=24000000,
            ),
        ),
        (
            "tsukuba",
            _row(
                today,
                country="JP",
                city="Цукуба",
                host="University of Tsukuba",
                purpose="research",
                kind="research_visit",
                start=40,
                days=30,
                funding="state_budget",
                cost=2100000,
            ),
        ),
        (
            "krakow",
            _row(
                today,
                country="PL",
                city="Краков",
                host="Uniwersytet Jagielloński",
                purpose="study",
                kind="internship",
                start=15,
                days=14,
                funding="organization",
                cost=700000,
            ),
        ),
        (
            "bologna",
            _row(
                today,
                country="IT",
                city="Болонья",
                host="Università di Bologna",
                purpose="study",
                kind="mobility_semester",
                start=120,
                days=140,
                funding="grant",
                cost=2600000,
            ),
        ),
    ]
    plan = services.plan_create(
        membership=coordinator,
        actor=coordinator_user,
        data={"unit": unit, "year": today.year, "title": "Академическая мобильность и стажировки"},
    )
    plan_rows = {}
    for key, values in rows:
        if key == "bologna":  # the place is for a student chosen later from the reserve
            values["position"] = "студент 3 курса бакалавриата (по конкурсу)"
        else:
            values["person"] = people[key]
        plan_rows[key] = services.plan_row_create(plan=plan, actor=coordinator_user, data=values)
    services.plan_submit(plan=plan, actor=coordinator_user)
    services.plan_approve(plan=plan, actor=head)

    # --- training (R8.5) ----------------------------------------------------------------------
    korean = services.course_create(
        organization=organization,
        actor=head,
        data={
            "title": "Корейский язык для стажёров",
            "kind": "language",
            "language": "ko",
            "teacher": "Пак Елена Сергеевна",
            "starts_on": today - timedelta(days=90),
            "ends_on": today - timedelta(days=40),
            "hours": 36,
            "description": "Разговорный корейский, уровень A2.",
        },
    )
    japan = services.course_create(
        organization=organization,
        actor=head,
        data={
            "title": "Страноведение: Япония",
            "kind": "country_studies",
            "country": "JP",
            "teacher": "Ахметжанова Сауле Ибраевна",
            "starts_on": today - timedelta(days=5),
            "ends_on": today + timedelta(days=30),
            "hours": 16,
        },
    )
    for course, topics in (
        (korean, ["Алфавит хангыль", "Повседневное общение", "В университете"]),
        (japan, ["История и общество", "Академическая культура"]),
    ):
        for index, topic in enumerate(topics):
            services.session_create(
                course=course,
                actor=head,
                data={
                    "date": course.starts_on + timedelta(days=7 * index),
                    "topic": topic,
                    "hours": 4,
                },
            )
    done = services.participant_add(course=korean, actor=head, data={"person": people["seoul"]})
    services.participant_update(
        participant=done,
        actor=head,
        data={"status": ParticipantStatus.COMPLETED, "result": "A2, отлично"},
    )
    services.participant_add(course=japan, actor=head, data={"person": people["tsukuba"]})

    # --- trips in every status ----------------------------------------------------------------
    trips = {}
    for key, row in plan_rows.items():
        if key == "bologna":
            continue
        home = TRAVELLERS[key][6]
        trips[key] = services.trip_create_from_row(
            row=row,
            actor=head,
            data={
                "residence_in_kazakhstan": home,
                "address_abroad": f"{row.host_organization}, {row.city}",
                "order_number": f"{len(trips) + 101}-К",
                "order_date": min(today, row.planned_departure) - timedelta(days=20),
            },
        )
    trips["seoul"].required_courses.add(korean)
    trips["tsukuba"].required_courses.add(japan)
    services.trip_update(
        trip=trips["beijing"],
        actor=head,
        data={
            "contract_number": "Б-2025/0417",
            "contract_date": today - timedelta(days=30),
            "work_off_months": 60,
            "work_off_employer": "Демонстрационный университет «Ынтымақ»",
        },
    )
    far = today + timedelta(days=3650)
    for key in ("berlin", "seoul", "ankara", "lyon", "cambridge", "beijing", "krakow", "tsukuba"):
        services.trip_transition(trip=trips[key], to_status=TripStatus.APPROVED, actor=head)
    for key in ("berlin", "seoul", "ankara", "lyon", "cambridge", "beijing"):
        _receive_documents(trips[key], head, far)
        services.trip_transition(trip=trips[key], to_status=TripStatus.DOCUMENTS_READY, actor=head)
    # Tsukuba: the passport expires too soon after the return (R8.4 warning), training pending.
    for document in trips["tsukuba"].documents.all():
        if document.code in ("passport", "invitation"):
            services.trip_document_update(
                document=document,
                actor=head,
                data={
                    "status": DocumentStatus.RECEIVED,
                    "valid_until": today + timedelta(days=120)
                    if document.code == "passport"
                    else None,
                },
            )
    for key in ("berlin", "seoul", "ankara", "lyon", "cambridge"):
        services.trip_transition(
            trip=trips[key],
            to_status=TripStatus.ABROAD,
            actor=head,
            on_date=trips[key].planned_departure,
        )
    for key in ("lyon", "cambridge"):
        services.trip_transition(
            trip=trips[key],
            to_status=TripStatus.RETURNED,
            actor=head,
            on_date=trips[key].planned_return,
        )
    # Cambridge: both reports accepted, the trip closed. Lyon: the full report is submitted,
    # the financial report is overdue.
    for report in trips["cambridge"].reports.all():
        services.report_submit(
            report=report,
            actor=head,
            data={
                "amount_spent": "1470000.00",
                "results": "Совместная статья с кафедрой материаловедения подготовлена к печати.",
                "materials": "Методические материалы курса по кристаллографии.",
                "research_use": "Результаты включены в проект грантового финансирования МНВО.",
                "teaching_use": "Обновлён курс «Физика твёрдого тела».",
            },
        )
        services.report_accept(report=report, actor=head)
    full = trips["lyon"].reports.get(kind="full")
    services.report_submit(
        report=full,
        actor=head,
        data={
            "summary": "Доклад на конференции по биоинформатике.",
            "results": "Доклад принят к публикации в сборнике трудов конференции.",
            "teaching_use": "Материалы включены в курс «Биоинформатика» магистратуры.",
        },
    )
    services.trip_transition(
        trip=trips["krakow"],
        to_status=TripStatus.CANCELLED,
        actor=head,
        reason="Принимающая сторона перенесла стажировку на следующий год.",
    )

    # --- the reserve (R8.7) -----------------------------------------------------------------
    reserve = [
        (
            "reserve_1",
            "student",
            "3.86",
            ["IT", "ES"],
            [("en", "C1", "IELTS", "7.5"), ("it", "A2", "", None)],
        ),
        ("reserve_2", "teacher", None, ["DE", "AT"], [("de", "B2", "Goethe-Zertifikat", None)]),
        ("reserve_3", "researcher", None, ["KR", "JP"], [("en", "B2", "TOEFL iBT", "96")]),
        ("berlin", "student", "3.72", ["DE"], [("de", "B1", "", None), ("en", "B2", "", None)]),
    ]
    candidates = {}
    for key, category, gpa, countries, languages in reserve:
        candidates[key] = services.candidate_create(
            organization=organization,
            actor=head,
            data={
                "person": people[key],
                "unit": unit,
                "category": category,
                "gpa": gpa,
                "countries_of_interest": countries,
                "programs_of_interest": "Erasmus+, программы двойного диплома",
                "available_from": today,
                "available_until": today + timedelta(days=365),
                "included_on": today - timedelta(days=200),
            },
            languages=[
                {"language": lang, "level": level, "certificate": cert, "score": score}
                for lang, level, cert, score in languages
            ],
        )
    services.candidate_update(candidate=candidates["berlin"], actor=head, data={"status": "sent"})
    services.candidate_select(
        candidate=candidates["reserve_1"], row=plan_rows["bologna"], actor=head
    )

    # --- plans in draft and submitted ---------------------------------------------------------
    draft = services.plan_create(
        membership=coordinator,
        actor=coordinator_user,
        data={"unit": unit, "year": today.year + 1, "title": "Проект плана на следующий год"},
    )
    services.plan_row_create(
        plan=draft,
        actor=coordinator_user,
        data=_row(
            today,
            country="NL",
            city="Лейден",
            host="Universiteit Leiden",
            purpose="research",
            kind="research_visit",
            start=400,
            days=21,
            funding="grant",
            cost=1800000,
        )
        | {"position": "доцент кафедры международного права"},
    )
    submitted = services.plan_create(
        membership=coordinator,
        actor=coordinator_user,
        data={"unit": unit, "year": today.year, "title": "Летние школы"},
    )
    services.plan_row_create(
        plan=submitted,
        actor=coordinator_user,
        data=_row(
            today,
            country="HU",
            city="Будапешт",
            host="Eötvös Loránd Tudományegyetem",
            purpose="study",
            kind="other",
            start=70,
            days=14,
            funding="own",
            cost=600000,
        )
        | {"position": "студенты 2 курса (2 человека)"},
    )
    services.plan_submit(plan=submitted, actor=coordinator_user)
