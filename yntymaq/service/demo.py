"""Demo data of the Service for `make demo`. Idempotent: creates only what is missing.

The university has a Service (R5) with two units, two officials and a head who meets R7;
the college has no Service and a responsible person (R6) without a foreign language, so the
R7 warning shows on its Service page and dashboard.
"""

from __future__ import annotations

import datetime as dt

from yntymaq.core.enums import Role
from yntymaq.core.models import Membership
from yntymaq.people import services as people_services
from yntymaq.people.demo import demo_iin
from yntymaq.people.models import Person

from . import services
from .enums import AppointmentKind, ClearanceForm, LanguageLevel, StateLanguageLevel
from .models import Appointment, Official, ServiceProfile, Unit


def _person(organization, cyrillic, latin, birth, sex, email=""):
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
                "email": email,
            },
        )
    return person


def _profile(organization, data):
    if not ServiceProfile.objects.for_org(organization).exists():
        services.service_profile_update(organization=organization, actor=None, data=data)


def _unit(organization, data, coordinators=()):
    unit = Unit.objects.for_org(organization).filter(name_ru=data["name_ru"]).first()
    if unit is None:
        unit = services.unit_create(
            organization=organization,
            actor=None,
            data={**data, "coordinators": list(coordinators)},
        )
    return unit


def _official(organization, person, data):
    if not Official.objects.for_org(organization).filter(person=person).exists():
        services.official_create(
            organization=organization, actor=None, data={"person": person, **data}
        )


def _appointment(organization, data):
    if not Appointment.objects.for_org(organization).exists():
        services.appointment_create(organization=organization, actor=None, data=data)


def seed(demo) -> None:
    university, college = demo.university, demo.college

    head = _person(
        university,
        ("Сейтқали", "Айгерім", "Болатқызы"),
        ("SEITKALI", "AIGERIM"),
        dt.date(1980, 2, 14),
        "F",
        "head@demo-university.kz",
    )
    inspector = _person(
        university,
        ("Нұрланова", "Дана", "Ерланқызы"),
        ("NURLANOVA", "DANA"),
        dt.date(1994, 9, 5),
        "F",
    )
    dean = _person(
        university,
        ("Тұрсынов", "Қайрат", "Маратұлы"),
        ("TURSYNOV", "KAIRAT"),
        dt.date(1972, 6, 30),
        "M",
    )
    _profile(
        university,
        {
            "exists": True,
            "creation_order_number": "214-П",
            "creation_order_date": dt.date(2012, 8, 27),
            "metal_doors": True,
            "window_bars": True,
            "alarm": True,
            "has_inventory": True,
            "has_communications": True,
            "communications_notes": "IP-телефония, защищённая электронная почта",
            "has_office_equipment": True,
            "inspector": inspector,
            "methodologist_name": "Иванова Мария Петровна",
        },
    )
    coordinators = Membership.objects.filter(
        organization=university, role=Role.UNIT_COORDINATOR, is_active=True
    )
    relations = _unit(
        university,
        {
            "name_ru": "Факультет международных отношений",
            "name_kk": "Халықаралық қатынастар факультеті",
            "address": "Астана, проспект Кабанбай батыра, 53",
            "address_kk": "Астана, Қабанбай батыр даңғылы, 53",
            "building": "2",
            "room": "214",
            "works_on_external_relations": True,
        },
        coordinators,
    )
    _unit(
        university,
        {
            "name_ru": "Подготовительное отделение для иностранных граждан",
            "name_kk": "Шетел азаматтарына арналған дайындық бөлімі",
            "address": "Астана, проспект Кабанбай батыра, 53",
            "address_kk": "Астана, Қабанбай батыр даңғылы, 53",
            "building": "4",
            "room": "105",
            "works_on_external_relations": True,
        },
    )
    _official(
        university,
        head,
        {
            "position": "Руководитель службы международного сотрудничества",
            "position_kk": "Халықаралық ынтымақтастық қызметінің басшысы",
            "work_phone": "+7 7172 70 00 01",
            "home_phone": "+7 701 555 01 01",
            "responsible_for_cooperation": True,
        },
    )
    _official(
        university,
        dean,
        {
            "position": "Декан факультета международных отношений",
            "position_kk": "Халықаралық қатынастар факультетінің деканы",
            "work_phone": "+7 7172 70 00 14",
            "responsible_for_cooperation": True,
            "unit": relations,
        },
    )
    _appointment(
        university,
        {
            "kind": AppointmentKind.HEAD,
            "person": head,
            "order_number": "318-К",
            "order_date": dt.date(2023, 8, 25),
            "starts_on": dt.date(2023, 9, 1),
            "teaching_years": 14,
            "cooperation_years": 6,
            "works_with_foreigners": True,
            "foreigners_experience": "Куратор иностранных студентов подготовительного отделения",
            "state_language_level": StateLanguageLevel.NATIVE,
            "foreign_language": "английский",
            "foreign_language_level": LanguageLevel.C1,
            "clearance": True,
            "clearance_form": ClearanceForm.FORM_3,
            "clearance_expires_on": dt.date(2028, 9, 1),
            "reports_to_first_head": True,
            "reports_to_deputy": True,
            "admissions_committee_member": True,
        },
    )

    responsible = _person(
        college,
        ("Байжанова", "Гүлнар", "Маратқызы"),
        ("BAIZHANOVA", "GULNAR"),
        dt.date(1983, 12, 1),
        "F",
        "responsible@demo-college.kz",
    )
    _profile(college, {"exists": False})
    _official(
        college,
        responsible,
        {
            "position": "Заместитель директора по учебной работе",
            "position_kk": "Директордың оқу ісі жөніндегі орынбасары",
            "work_phone": "+7 7212 41 00 20",
            "responsible_for_cooperation": True,
        },
    )
    _appointment(
        college,
        {
            "kind": AppointmentKind.RESPONSIBLE,
            "person": responsible,
            "order_number": "45-О",
            "order_date": dt.date(2024, 1, 15),
            "starts_on": dt.date(2024, 1, 16),
            "teaching_years": 11,
            "cooperation_years": 2,
            "works_with_foreigners": True,
            "state_language_level": StateLanguageLevel.NATIVE,
            "clearance": True,
            "clearance_form": ClearanceForm.FORM_3,
            "clearance_expires_on": dt.date(2027, 1, 16),
            "reports_to_first_head": True,
            "admissions_committee_member": True,
        },
    )
