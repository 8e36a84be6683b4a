"""Demo persons for `make demo`: citizens and foreigners with identity documents. Idempotent."""

from __future__ import annotations

import datetime as dt

from yntymaq.core.validators import kz_check_digit

from . import services
from .models import Person

# (Cyrillic surname, name, patronymic, Latin surname, name, birth date, sex, citizenship,
#  phones, e-mail, documents: (kind, number, issued on, issued by, expires on))
PERSONS = [
    (
        ("Ахметов", "Ерлан", "Серікұлы"),
        ("AKHMETOV", "YERLAN"),
        dt.date(1985, 4, 12),
        "M",
        "KZ",
        "+7 701 111 22 33",
        "e.akhmetov@demo-university.kz",
        [("id_card", "045612378", dt.date(2019, 6, 1), "МВД РК", dt.date(2029, 5, 31))],
    ),
    (
        ("Сейітова", "Әйгерім", "Болатқызы"),
        ("SEITOVA", "AIGERIM"),
        dt.date(1999, 11, 3),
        "F",
        "KZ",
        "+7 705 222 33 44, +7 727 300 00 00",
        "",
        [("passport", "N12345678", dt.date(2021, 2, 15), "МВД РК", dt.date(2031, 2, 14))],
    ),
    (
        ("Ван", "Лэй", ""),
        ("WANG", "LEI"),
        dt.date(2002, 7, 21),
        "M",
        "CN",
        "+86 138 0013 8000",
        "wang.lei@example.cn",
        [("passport", "EA1234567", dt.date(2020, 9, 1), "", dt.date(2030, 8, 31))],
    ),
    (
        ("Каримова", "Дилноза", "Рустамовна"),
        ("KARIMOVA", "DILNOZA"),
        dt.date(2001, 3, 8),
        "F",
        "UZ",
        "+998 90 123 45 67",
        "",
        [("passport", "FA7654321", dt.date(2019, 3, 10), "", dt.date(2029, 3, 9))],
    ),
    (
        ("", "", ""),
        ("MUELLER", "ANNA"),
        dt.date(1978, 1, 30),
        "F",
        "DE",
        "",
        "anna.mueller@example.de",
        [],
    ),
]


def demo_iin(birth: dt.date, sex: str) -> str:
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (1 if sex == "F" else 0)
    serial = 1
    while True:
        head = f"{birth:%y%m%d}{century}{serial:04d}"
        control = kz_check_digit(head)
        if control is not None:
            return head + str(control)
        serial += 1


def seed(demo) -> None:
    organization = demo.university
    for cyrillic, latin, birth, sex, citizenship, phones, email, documents in PERSONS:
        exists = (
            Person.objects.for_org(organization)
            .filter(last_name_latin=latin[0], first_name_latin=latin[1])
            .exists()
        )
        if exists:
            continue
        person = services.person_create(
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
                "citizenship": citizenship,
                "iin": demo_iin(birth, sex) if citizenship == "KZ" else "",
                "phones": phones,
                "email": email,
            },
        )
        for kind, number, issued_on, issued_by, expires_on in documents:
            services.identity_document_create(
                person=person,
                actor=None,
                data={
                    "kind": kind,
                    "number": number,
                    "issued_on": issued_on,
                    "issued_by": issued_by,
                    "expires_on": expires_on,
                },
            )
