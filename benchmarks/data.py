"""Generated data for the benchmarks: one generator per app, bulk-inserted.

`build(size)` makes the measured organization ("bench") and `others` more organizations of
the same size, so every query has other tenants' rows to filter out. `size` is the number of
persons per organization; the other registries scale from it.

A later issue adds its app's data by writing `def <app>(ctx)` below and listing it in
GENERATORS. A generator gets a Context for one organization (`ctx.size`, `ctx.rng`,
`ctx.organization`, `ctx.head`, `ctx.created`) and keeps, in `ctx.created`, the objects later
generators or the pages' kwargs need (`benchmarks.pages` reads `dataset.sample(label)`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone

from yntymaq.core.enums import OrganizationKind, Region, Role
from yntymaq.core.models import AuditEntry, Membership, Organization, User
from yntymaq.core.validators import kz_check_digit

SURNAMES = [
    "Ахметов", "Серикбаев", "Нурланов", "Жумабаев", "Касымов", "Оспанов", "Турсунов",
    "Абенов", "Сейткали", "Омаров", "Бекмуханов", "Исаев", "Калиев", "Мусин", "Сарсенбаев",
    "Тлеубаев", "Ержанов", "Дауренов", "Иванов", "Петров", "Ким", "Цой", "Смагулов",
]  # fmt: skip
GIVEN_NAMES = [
    "Айгерим", "Ерлан", "Нурсултан", "Динара", "Асель", "Бауыржан", "Жанна", "Марат",
    "Гульнара", "Арман", "Айдана", "Данияр", "Алия", "Тимур", "Сауле", "Ержан", "Мадина",
]  # fmt: skip
FOREIGN = [
    ("CN", "WANG", "LEI"), ("CN", "LI", "NA"), ("RU", "SMIRNOV", "ALEXEI"),
    ("TR", "YILMAZ", "MEHMET"), ("DE", "MULLER", "ANNA"), ("US", "SMITH", "JOHN"),
    ("KR", "PARK", "JIWOO"), ("IN", "SHARMA", "PRIYA"), ("UZ", "KARIMOV", "OTABEK"),
]  # fmt: skip
TRANSLIT = str.maketrans(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    "abvgdeejziiklmnoprstufhccss_y_euaagqnouuhi",
)


def latin(name: str) -> str:
    return name.lower().translate(TRANSLIT).replace("_", "").upper()


def make_bin(rng: random.Random) -> str:
    while True:
        head = f"{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}4{rng.randint(0, 9)}"
        head += f"{rng.randint(0, 99999):05d}"
        control = kz_check_digit(head)
        if control is not None:
            return head + str(control)


def make_iin(birth: dt.date, sex: str, rng: random.Random, taken: set[str]) -> str:
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (1 if sex == "F" else 0)
    while True:
        head = f"{birth:%y%m%d}{century}{rng.randint(0, 9999):04d}"
        control = kz_check_digit(head)
        if control is not None and head + str(control) not in taken:
            taken.add(head + str(control))
            return head + str(control)


def model(label: str):
    """The model `app_label.ModelName`, or None while its app does not have it yet."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


@dataclass
class Context:
    organization: Organization
    head: User
    size: int
    rng: random.Random
    created: dict[str, list] = field(default_factory=dict)


@dataclass
class Dataset:
    organization: Organization
    head: User
    authority: User
    others: list[Organization]
    created: dict[str, list]

    def sample(self, label: str):
        """One object of `label` in the measured organization (the first one generated)."""
        return self.created[label][0]

    def has(self, label: str) -> bool:
        return bool(self.created.get(label))


# ---------------------------------------------------------------------------------------------
# Generators, one per app
# ---------------------------------------------------------------------------------------------


def people(ctx: Context) -> None:
    Person = model("people.Person")
    Document = model("people.IdentityDocument")
    if Person is None:
        return
    from yntymaq.people.models import search_key

    rng, taken = ctx.rng, set()
    persons = []
    for i in range(ctx.size):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 15000))
        if i % 4 == 3:  # a quarter are foreigners, with Latin names only
            country, last, first = rng.choice(FOREIGN)
            person = Person(
                last_name_latin=last,
                first_name_latin=f"{first}{i}",
                citizenship=country,
                birth_date=born,
                sex=rng.choice("MF"),
            )
        else:
            sex = rng.choice("MF")
            last = rng.choice(SURNAMES) + ("а" if sex == "F" and i % 3 else "")
            first = rng.choice(GIVEN_NAMES)
            person = Person(
                last_name=last,
                first_name=first,
                last_name_latin=latin(last),
                first_name_latin=latin(first),
                citizenship="KZ",
                birth_date=born,
                sex=sex,
                iin=make_iin(born, sex, rng, taken),
                phones="+7 701 000 00 00",
                email=f"person{i}@example.kz",
            )
        person.organization = ctx.organization
        person.search_text = search_key(*(getattr(person, n) for n in Person.NAME_FIELDS))
        persons.append(person)
    ctx.created["people.Person"] = Person.objects.bulk_create(persons, batch_size=500)
    if Document is None:
        return
    documents = [
        Document(
            organization=ctx.organization,
            person=person,
            kind="passport" if person.citizenship == "KZ" else "foreign_passport",
            number=f"N{ctx.organization.pk:02d}{i:07d}",
            issued_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500),
            expires_on=dt.date(2030, 1, 1) + dt.timedelta(days=i % 1500),
            issued_by="МВД РК",
        )
        for i, person in enumerate(ctx.created["people.Person"])
    ]
    ctx.created["people.IdentityDocument"] = Document.objects.bulk_create(documents, batch_size=500)


def service(ctx: Context) -> None:
    Unit, Official = model("service.Unit"), model("service.Official")
    Profile, Appointment = model("service.ServiceProfile"), model("service.Appointment")
    persons = ctx.created.get("people.Person", [])
    if Unit is None or not persons:
        return
    org = ctx.organization
    units = [
        Unit(
            organization=org,
            name_ru=f"Отдел международного сотрудничества {i}",
            name_kk=f"Халықаралық ынтымақтастық бөлімі {i}",
            address="Алматы, проспект аль-Фараби, 71",
            building=str(i % 9 + 1),
            room=str(100 + i),
        )
        for i in range(max(5, ctx.size // 50))
    ]
    ctx.created["service.Unit"] = Unit.objects.bulk_create(units)
    if Official is not None:
        officials = [
            Official(
                organization=org,
                person=persons[i],
                position=ctx.rng.choice(["Декан", "Заведующий кафедрой", "Проректор", "Директор"]),
                work_phone="+7 727 377 33 33",
                unit=ctx.created["service.Unit"][i % len(units)],
            )
            for i in range(min(len(persons), max(5, ctx.size // 10)))
        ]
        ctx.created["service.Official"] = Official.objects.bulk_create(officials)
    if Profile is not None:
        ctx.created["service.ServiceProfile"] = [
            Profile.objects.create(
                organization=org,
                exists=True,
                creation_order_number="125-П",
                creation_order_date=dt.date(2015, 9, 1),
                metal_doors=True,
                window_bars=True,
                alarm=True,
            )
        ]
    if Appointment is not None:
        today = timezone.localdate()
        ctx.created["service.Appointment"] = Appointment.objects.bulk_create(
            [
                Appointment(
                    organization=org,
                    kind="head",
                    person=persons[i],
                    order_number=f"{i + 1}-К",
                    order_date=today - dt.timedelta(days=400 * (i + 1)),
                    starts_on=today - dt.timedelta(days=400 * (i + 1)),
                    ends_on=None if i == 0 else today - dt.timedelta(days=400 * i + 1),
                    teaching_years=10,
                    cooperation_years=5,
                    works_with_foreigners=True,
                    state_language_level="native",
                    foreign_language="английский",
                    foreign_language_level="C1",
                    reports_to_first_head=True,
                )
                for i in range(min(5, len(persons)))
            ]
        )


def audit_log(ctx: Context) -> None:
    """Two entries per person: the audit log is the longest list of every organization."""
    now = timezone.now()
    targets = ctx.created.get("people.Person", [])
    entries = [
        AuditEntry(
            organization=ctx.organization,
            actor=ctx.head,
            actor_repr=str(ctx.head),
            action=ctx.rng.choice(["people.person.created", "people.person.updated"]),
            object_id=str(targets[i % len(targets)].pk) if targets else "",
            target_repr=str(targets[i % len(targets)]) if targets else "",
            data={"changes": {"phones": ["", "+7 701 000 00 00"]}},
            ip="127.0.0.1",
            created_at=now - dt.timedelta(minutes=7 * i),
        )
        for i in range(2 * ctx.size)
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def planning(ctx: Context) -> None:
    from .planning import generate

    generate(ctx)


GENERATORS = [people, service, planning, audit_log]

from . import incoming as _incoming  # noqa: E402 - issue 3: the foreigners' registry

GENERATORS.append(_incoming.generate)

from . import outbound as _outbound  # noqa: E402 - issue 4: trips abroad

GENERATORS.append(_outbound.generate)

from . import partners as _partners  # noqa: E402 - issue 5: partners and agreements

GENERATORS.append(_partners.generate)

from . import reporting as _reporting  # noqa: E402 - issue 7: the national dataset, reports

GENERATORS.append(_reporting.generate)


# ---------------------------------------------------------------------------------------------
# The whole dataset
# ---------------------------------------------------------------------------------------------


def _organization(index: int, rng: random.Random, slug: str = "") -> Organization:
    return Organization.objects.create(
        slug=slug or ("bench" if index == 0 else f"bench-{index}"),
        short_name=slug.upper() if slug else f"BENCH{index}",
        name_ru=f"Тестовый университет {index}",
        name_kk=f"{index} сынақ университеті",
        kind=OrganizationKind.UNIVERSITY,
        bin=make_bin(rng),
        region=Region.ALMATY_CITY,
        address="Алматы, проспект аль-Фараби, 71",
    )


def _user(email: str, **extra) -> User:
    user = User(email=email, full_name=email.split("@")[0], two_factor_exempt=True, **extra)
    user.set_unusable_password()
    user.save()
    return user


def _populate(organization: Organization, size: int, rng: random.Random) -> Context:
    """The organization's service head and every generator's data for `size` persons."""
    head = _user(f"head@{organization.slug}.kz")
    Membership.objects.create(user=head, organization=organization, role=Role.SERVICE_HEAD)
    ctx = Context(organization=organization, head=head, size=size, rng=rng)
    for generator in GENERATORS:
        generator(ctx)
    return ctx


def add_organization(slug: str, size: int, seed: int = 661) -> Context:
    """One more organization (`slug`) with `size` persons, e.g. to compare two sizes."""
    rng = random.Random(f"{seed}-{slug}")  # noqa: S311 - reproducible test data, not a secret
    return _populate(_organization(0, rng, slug), size, rng)


def build(size: int, others: int = 3, seed: int = 661) -> Dataset:
    """The measured organization (`bench`) and `others` like it, all with `size` persons."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    authority = _user("authority@bench.kz", is_authority=True)
    measured = None
    other_orgs = []
    for index in range(others + 1):
        ctx = _populate(_organization(index, rng), size, rng)
        organization, head = ctx.organization, ctx.head
        if index == 0:
            measured = Dataset(organization, head, authority, other_orgs, ctx.created)
        else:
            other_orgs.append(organization)
    return measured
