"""Demonstration data for `make demo`: two organizations, one user per role, an authority user.

Each app that has demo data provides `yntymaq/<app>/demo.py` with `seed(demo: Demo)`; it must be
idempotent (create only what is missing), so running `seed_demo` again changes nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.db import transaction
from django_scopes import scopes_disabled

from yntymaq.core.enums import OrganizationKind, Region, Role
from yntymaq.core.models import Membership, Organization, User

PASSWORD = "yntymaq-demo"
APPS_WITH_DEMO_DATA = [
    "people",
    "service",
    "incoming",
    "outbound",
    "partners",
    "planning",
    "reporting",
]


@dataclass
class Demo:
    university: Organization
    college: Organization
    users: dict[str, User] = field(default_factory=dict)


ORGANIZATIONS = {
    "university": {
        "slug": "demo-university",
        "name_ru": "Демонстрационный университет «Ынтымақ»",
        "name_kk": "«Ынтымақ» демонстрациялық университеті",
        "short_name": "ДемоУнив",
        "kind": OrganizationKind.UNIVERSITY,
        "bin": "050940001237",
        "region": Region.ASTANA,
        "address": "Астана, проспект Кабанбай батыра, 53",
    },
    "college": {
        "slug": "demo-college",
        "name_ru": "Демонстрационный колледж «Шуақ»",
        "name_kk": "«Шуақ» демонстрациялық колледжі",
        "short_name": "ДемоКолледж",
        "kind": OrganizationKind.COLLEGE,
        "bin": "121140004568",
        "region": Region.KARAGANDA,
        "address": "Караганда, улица Ерубаева, 20",
    },
}

# e-mail, full name, organization key (None: authority), role
USERS = [
    ("head@demo-university.kz", "Сейтқали Айгерім Болатқызы", "university", Role.SERVICE_HEAD),
    ("staff@demo-university.kz", "Иванова Мария Петровна", "university", Role.SERVICE_STAFF),
    (
        "coordinator@demo-university.kz",
        "Омаров Ерлан Серікұлы",
        "university",
        Role.UNIT_COORDINATOR,
    ),
    ("rector@demo-university.kz", "Жақсыбеков Нұрлан Асқарұлы", "university", Role.LEADERSHIP),
    ("auditor@demo-university.kz", "Ким Светлана Викторовна", "university", Role.AUDITOR),
    ("responsible@demo-college.kz", "Байжанова Гүлнар Маратқызы", "college", Role.SERVICE_HEAD),
    ("analyst@edu.gov.kz", "Тоқтаров Арман Ғаниұлы", None, None),
]


def _organization(values: dict) -> Organization:
    organization = Organization.objects.filter(slug=values["slug"]).first()
    if organization is None:
        organization = Organization(**values)
        organization.full_clean()
        organization.save()
    return organization


def _user(email: str, full_name: str, *, authority: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, PASSWORD, full_name=full_name, is_authority=authority
        )
    user.two_factor_exempt = True  # demo accounts only; README says so
    user.set_password(PASSWORD)
    user.save()
    return user


@transaction.atomic
def seed_all() -> Demo:
    with scopes_disabled():
        demo = Demo(
            university=_organization(ORGANIZATIONS["university"]),
            college=_organization(ORGANIZATIONS["college"]),
        )
        for email, full_name, org_key, role in USERS:
            user = _user(email, full_name, authority=org_key is None)
            demo.users[email] = user
            if org_key is not None:
                Membership.objects.get_or_create(
                    user=user, organization=getattr(demo, org_key), defaults={"role": role}
                )
        for app in APPS_WITH_DEMO_DATA:
            try:
                module = importlib.import_module(f"yntymaq.{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"yntymaq.{app}.demo":
                    raise
                continue
            module.seed(demo)
    return demo


def logins() -> list[tuple[str, str, str]]:
    rows = []
    for email, _name, org_key, role in USERS:
        where = ORGANIZATIONS[org_key]["short_name"] if org_key else "authority"
        rows.append((email, where, role.label if role else "authority (ministry)"))
    return rows
