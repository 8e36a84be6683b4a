"""Demo foreigners for `make demo`: a stay in every status at the university (and a few at the
college) with visas, registrations, questionnaires (one submitted, one returned, one draft),
housing, briefings, medical records and a preparatory group. Idempotent: a foreigner whose
person already exists is left as it is, so a second `seed_demo` changes nothing."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from yntymaq.people.models import Person
from yntymaq.people.services import identity_document_create, person_create

from . import services
from .models import Dormitory, PreparatoryGroup, RequiredDocument, Room, Stay

D = dt.timedelta

# (Cyrillic name, Latin name, born, sex, citizenship, category, arrival line, program,
#  status, days since arrival (None: not arrived), extras)
UNIVERSITY = [
    (
        ("Ван", "Лэй", ""),
        ("WANG", "LEI"),
        dt.date(2004, 7, 21),
        "M",
        "CN",
        "main_program",
        "state_grant",
        ("6B04101", "Экономика", 2),
        "enrolled",
        400,
        {
            "questionnaire": "submitted",
            "visa": 200,
            "registration": 200,
            "room": 0,
            "briefed": True,
            "insurance": 20,
        },
    ),
    (
        ("Каримова", "Дилноза", "Рустамовна"),
        ("KARIMOVA", "DILNOZA"),
        dt.date(2005, 3, 8),
        "F",
        "UZ",
        "main_program",
        "paid_contract",
        ("6B06102", "Информационные системы", 1),
        "enrolled",
        60,
        {
            "questionnaire": "returned",
            "visa_free": True,
            "registration": 300,
            "room": 0,
            "briefed": False,
            "tuition": 1_450_000,
        },
    ),
    (
        ("Жумабеков", "Нурсултан", ""),
        ("ZHUMABEKOV", "NURSULTAN"),
        dt.date(2006, 1, 15),
        "M",
        "MN",
        "preparatory",
        "intergovernmental",
        ("", "Подготовительное отделение", None),
        "enrolled",
        30,
        {
            "diaspora": True,
            "kandas": True,
            "visa": 40,
            "room": 1,
            "questionnaire": "draft",
            "prep": True,
        },
    ),
    (
        ("Мюллер", "Анна", ""),
        ("MUELLER", "ANNA"),
        dt.date(1978, 1, 30),
        "F",
        "DE",
        "teacher",
        "inter_university",
        ("", "Немецкий язык", None),
        "working",
        120,
        {"visa": 5, "registration": 5, "briefed": True, "exam": 10},
    ),
    (
        ("Ким", "Джи У", ""),
        ("KIM", "JIWOO"),
        dt.date(1990, 9, 2),
        "M",
        "KR",
        "researcher",
        "academic_mobility",
        ("", "Нанотехнологии", None),
        "arrived",
        2,
        {},
    ),
    (
        ("Смирнов", "Алексей", "Игоревич"),
        ("SMIRNOV", "ALEXEI"),
        dt.date(2003, 4, 4),
        "M",
        "RU",
        "main_program",
        "inter_university",
        ("6B07101", "Машиностроение", 3),
        "academic_leave",
        500,
        {"registration": 100},
    ),
    (
        ("Йылмаз", "Мехмет", ""),
        ("YILMAZ", "MEHMET"),
        dt.date(2001, 12, 12),
        "M",
        "TR",
        "main_program",
        "paid_contract",
        ("6B02201", "Туризм", 4),
        "completed",
        1400,
        {"tuition": 1_200_000},
    ),
    (
        ("Шарма", "Прия", ""),
        ("SHARMA", "PRIYA"),
        dt.date(2002, 2, 20),
        "F",
        "IN",
        "main_program",
        "paid_contract",
        ("6B10101", "Общая медицина", 2),
        "expelled",
        700,
        {"tuition": 2_300_000, "visa": 100},
    ),
    (
        ("Абдуллаев", "Тимур", ""),
        ("ABDULLAEV", "TIMUR"),
        dt.date(2000, 6, 6),
        "M",
        "TJ",
        "doctoral",
        "state_grant",
        ("8D05101", "Биология", 2),
        "transferred",
        800,
        {},
    ),
    (
        ("Бекова", "Айнура", ""),
        ("BEKOVA", "AINURA"),
        dt.date(1999, 8, 18),
        "F",
        "KG",
        "main_program",
        "state_grant",
        ("7M01101", "Педагогика", 2),
        "departed",
        900,
        {},
    ),
    (
        ("Гарсия", "Лаура", ""),
        ("GARCIA", "LAURA"),
        dt.date(2003, 5, 5),
        "F",
        "ES",
        "other",
        "other",
        ("", "Летняя школа", None),
        "invited",
        None,
        {"line_other": "Летняя школа"},
    ),
]
COLLEGE = [
    (
        ("Ли", "На", ""),
        ("LI", "NA"),
        dt.date(2007, 10, 10),
        "F",
        "CN",
        "main_program",
        "paid_contract",
        ("06130100", "Программное обеспечение", 1),
        "enrolled",
        90,
        {"tuition": 650_000, "visa": 60},
    ),
    (
        ("Осмонов", "Бакыт", ""),
        ("OSMONOV", "BAKYT"),
        dt.date(2008, 3, 3),
        "M",
        "KG",
        "main_program",
        "state_grant",
        ("07130100", "Электроснабжение", 1),
        "arrived",
        1,
        {},
    ),
]


def _photo() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (300, 400), (210, 190, 170)).save(output, format="JPEG")
    return SimpleUploadedFile("photo.jpg", output.getvalue())


def _questionnaire(stay, actor, state: str) -> None:
    questionnaire = services.questionnaire_start(stay=stay, actor=actor)
    person = stay.person
    data = {
        "birth_country": str(person.citizenship),
        "birth_city": "Урумчи" if str(person.citizenship) == "CN" else "Ташкент",
        "ethnicity": "китаец" if str(person.citizenship) == "CN" else "узбечка",
        "permanent_address": "ул. Народная, 5",
        "phones": "+86 991 000 00 00",
        "marital_status": "single",
        "relatives": [
            {
                "kinship": "father",
                "full_name": f"{person.last_name} Мин",
                "birth_date": "1975-03-01",
                "occupation": "инженер",
                "address": "Урумчи",
            },
            {
                "kinship": "mother",
                "full_name": "Чжан Лин",
                "birth_date": "1977-06-11",
                "occupation": "врач",
                "address": "Урумчи",
            },
        ],
        "education": [
            {
                "organization": "Средняя школа № 12",
                "program": "общее среднее",
                "years": "2012–2023",
                "type": "state",
                "documents": "аттестат",
            }
        ],
        "languages": [
            {
                "language": "китайский",
                "speaking": "native",
                "reading": "native",
                "writing": "native",
            },
            {
                "language": "русский",
                "speaking": "intermediate",
                "reading": "basic",
                "writing": "basic",
            },
        ],
        "activity": "2018–2023: учёба в средней школе",
        "motives": {"high_quality": 1, "know_country": 2, "low_tuition": 3},
        "purpose": stay.program_name,
    }
    if state == "draft":
        data = {k: data[k] for k in ("birth_country", "birth_city", "ethnicity")}
    services.questionnaire_save(questionnaire=questionnaire, actor=None, data=data)
    if state == "draft":
        return
    services.questionnaire_photo_set(questionnaire=questionnaire, actor=None, upload=_photo())
    services.consent_give(questionnaire=questionnaire, actor=None)
    services.questionnaire_save(
        questionnaire=questionnaire,
        actor=None,
        data={
            "statement_accepted": True,
            "signed_name": person.full_name,
            "signed_on": timezone.localdate(),
        },
    )
    services.questionnaire_submit(questionnaire=questionnaire, actor=None)
    if state == "returned":
        services.questionnaire_return(
            questionnaire=questionnaire,
            actor=actor,
            comment="Загрузите, пожалуйста, фотографию на светлом фоне.",
        )


def _housing(organization, actor) -> list[Room]:
    dormitory = Dormitory.objects.for_org(organization).first()
    if dormitory is None:
        dormitory = services.dormitory_create(
            organization=organization,
            actor=actor,
            data={"name": "Общежитие «Достық»", "address": "Астана, ул. Сатпаева, 2"},
        )
        for number in ("101", "102", "103"):
            services.room_create(
                dormitory=dormitory, actor=actor, data={"number": number, "capacity": 2}
            )
    return list(Room.objects.for_org(organization).order_by("number"))


def _seed(organization, actor, rows) -> None:
    today = timezone.localdate()
    if not RequiredDocument.objects.for_org(organization).exists():
        services.required_documents_ensure_defaults(organization=organization, actor=actor)
    rooms = _housing(organization, actor)
    group = PreparatoryGroup.objects.for_org(organization).first()
    briefed = []
    for cyr, lat, born, sex, country, category, line, program, status, days, extra in rows:
        person = (
            Person.objects.for_org(organization)
            .filter(last_name_latin=lat[0], first_name_latin=lat[1])
            .first()
        )
        if person is not None and Stay.objects.for_org(organization).filter(person=person).exists():
            continue  # seeded before
        if person is None:  # the people demo may already have this foreigner
            person = person_create(
                organization=organization,
                actor=actor,
                data={
                    "last_name": cyr[0],
                    "first_name": cyr[1],
                    "patronymic": cyr[2],
                    "last_name_latin": lat[0],
                    "first_name_latin": lat[1],
                    "birth_date": born,
                    "sex": sex,
                    "citizenship": country,
                    "phones": "",
                    "email": "",
                },
            )
            identity_document_create(
                person=person,
                actor=actor,
                data={
                    "kind": "foreign_passport",
                    "number": f"{country}{born:%y%m%d}",
                    "issued_on": dt.date(2020, 1, 10),
                    "issued_by": "",
                    "expires_on": today + D(days=25)
                    if status == "working"
                    else dt.date(2031, 1, 9),
                },
            )
        arrival = today - D(days=days) if days is not None else None
        code, name, course = program
        stay = services.stay_create(
            organization=organization,
            actor=actor,
            person=person,
            data={
                "category": category,
                "arrival_line": line,
                "arrival_line_other": extra.get("line_other", ""),
                "program_code": code,
                "program_name": name,
                "course": course,
                "study_language": "русский",
                "residence_place": "Астана",
                "visa_free": extra.get("visa_free", False),
                "invited_on": (arrival or today) - D(days=60),
                "expected_completion": (arrival or today) + D(days=1400),
                "expected_departure": (arrival or today) + D(days=1420),
                "tuition_amount": extra.get("tuition"),
                "arrival_transport": "air" if arrival else "",
                "met_by": "Иванова М. П." if arrival else "",
            },
        )
        if arrival is not None:
            steps = {
                "arrived": [("arrived", 0)],
                "enrolled": [("arrived", 0), ("enrolled", min(days, 5))],
                "working": [("arrived", 0), ("working", 3)],
                "academic_leave": [("arrived", 0), ("enrolled", 5), ("academic_leave", 300)],
                "completed": [("arrived", 0), ("enrolled", 5), ("completed", 1380)],
                "expelled": [("arrived", 0), ("enrolled", 5), ("expelled", 690)],
                "transferred": [("arrived", 0), ("enrolled", 5), ("transferred", 790)],
                "departed": [
                    ("arrived", 0),
                    ("enrolled", 5),
                    ("completed", 700),
                    ("departed", 720),
                ],
            }[status]
            for target, offset in steps:
                stay = services.stay_transition(
                    stay=stay, actor=actor, target=target, on=arrival + D(days=offset)
                )
        if "visa" in extra:
            services.visa_create(
                stay=stay,
                actor=actor,
                data={
                    "kind": "C9",
                    "entries": "multiple",
                    "number": f"V{person.pk:07d}",
                    "valid_from": arrival - D(days=10),
                    "valid_to": today + D(days=extra["visa"]),
                    "invitation_number": f"INV-{person.pk}",
                },
            )
        if "registration" in extra:
            services.registration_create(
                stay=stay,
                actor=actor,
                data={
                    "channel": "eqonaq",
                    "filed_on": arrival + D(days=1),
                    "certificate_number": f"R{person.pk:07d}",
                    "valid_until": today + D(days=extra["registration"]),
                    "address": "Астана, ул. Сатпаева, 2",
                },
            )
        if "insurance" in extra:
            services.insurance_create(
                stay=stay,
                actor=actor,
                data={
                    "insurer": "Халык-Страхование",
                    "number": f"P{person.pk:06d}",
                    "valid_from": arrival,
                    "valid_to": today + D(days=extra["insurance"]),
                },
            )
        if "exam" in extra:
            services.medical_exam_create(
                stay=stay,
                actor=actor,
                data={
                    "on": today - D(days=355),
                    "kind": "Флюорография",
                    "result": "fit",
                    "next_due": today + D(days=extra["exam"]),
                },
            )
        if "room" in extra and rooms:
            services.accommodation_check_in(
                stay=stay, room=rooms[extra["room"]], actor=actor, on=arrival
            )
        if extra.get("briefed"):
            briefed.append(stay)
        if extra.get("diaspora"):
            services.origin_fact_create(
                person=person, actor=actor, data={"kind": "diaspora", "since": born}
            )
        if extra.get("kandas"):
            services.origin_fact_create(
                person=person,
                actor=actor,
                data={
                    "kind": "kandas",
                    "since": arrival,
                    "document_number": "К-2041",
                    "document_date": arrival,
                },
            )
            services.legal_status_create(
                person=person,
                actor=actor,
                data={"status": "kandas", "since": arrival, "document": "удостоверение К-2041"},
            )
        if extra.get("prep"):
            if group is None:
                group = services.preparatory_group_create(
                    organization=organization,
                    actor=actor,
                    data={
                        "name": "ПО-1 (рус)",
                        "year": today.year if today.month >= 9 else today.year - 1,
                        "language": "русский",
                        "curator": "Омаров Е. С.",
                    },
                )
            services.preparatory_enroll(group=group, stays=[stay], actor=actor)
        if extra.get("questionnaire"):
            _questionnaire(stay, actor, extra["questionnaire"])
        if status in ("enrolled", "arrived"):
            passport = (
                RequiredDocument.objects.for_org(organization)
                .filter(category=category, code="passport")
                .first()
            )
            if passport is not None:
                services.stay_document_set(
                    stay=stay,
                    required=passport,
                    actor=actor,
                    data={"status": "verified", "valid_until": dt.date(2031, 1, 9), "note": ""},
                )
    if briefed:
        services.briefing_create(
            organization=organization,
            actor=actor,
            data={
                "held_on": today - D(days=2),
                "topics": ["legal_status", "dormitory", "internal_rules", "liability"],
                "conducted_by": "Иванова М. П.",
                "place": "ГУК, ауд. 204",
            },
            stays=briefed,
        )
        for stay in briefed:
            services.briefing_attendance_set(
                briefing=stay.briefings.first().briefing, stay=stay, actor=actor, acknowledged=True
            )


def seed(demo) -> None:
    _seed(demo.university, demo.users["staff@demo-university.kz"], UNIVERSITY)
    _seed(demo.college, demo.users["responsible@demo-college.kz"], COLLEGE)
