"""Demo data of partners and agreements for `make demo`. Idempotent: creates only what is
missing (partners by name and country, agreements by our number, missions by name).

The university has partners in several countries and an agreement in every status of the
life cycle, each moved there through the services (so the approval history, the authority's
decisions and the audit log are real); some in force have results and count for R4.2, one
ends within 90 days, one renews an expired one. The college has a few agreements registered
as concluded, one in draft and one waiting for the Service. A mission and a consulate have a
contacts log, one entry about a foreign student. Three foreigners who came under an
inter-university agreement or an academic mobility program are linked to their agreements,
and four trips abroad to their host partners (three also to agreements), each once.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yntymaq.core.models import Membership
from yntymaq.incoming.queries import stays_of_person
from yntymaq.outbound.demo import TRAVELLERS
from yntymaq.outbound.models import Trip
from yntymaq.people.models import Person
from yntymaq.service.models import Unit

from . import services
from .models import Agreement, AgreementStay, DiplomaticMission, Partner, TripPartnerLink

# key: (kind, original name, Latin, Russian, Kazakh, country, city, website)
PARTNERS = {
    "dresden": (
        "university",
        "Technische Universität Dresden",
        "Dresden University of Technology",
        "Дрезденский технический университет",
        "Дрезден техникалық университеті",
        "DE",
        "Dresden",
        "https://tu-dresden.de",
    ),
    "lyon": (
        "university",
        "Université Claude Bernard Lyon 1",
        "Claude Bernard University Lyon 1",
        "Университет Клода Бернара Лион 1",
        "",
        "FR",
        "Lyon",
        "https://www.univ-lyon1.fr",
    ),
    "ankara": (
        "university",
        "Ankara Üniversitesi",
        "Ankara University",
        "Анкарский университет",
        "Анкара университеті",
        "TR",
        "Ankara",
        "https://www.ankara.edu.tr",
    ),
    "peking": (
        "university",
        "北京大学",
        "Peking University",
        "Пекинский университет",
        "Пекин университеті",
        "CN",
        "Beijing",
        "https://www.pku.edu.cn",
    ),
    "seoul": (
        "university",
        "서울대학교",
        "Seoul National University",
        "Сеульский национальный университет",
        "",
        "KR",
        "Seoul",
        "https://www.snu.ac.kr",
    ),
    "tomsk": (
        "research_institute",
        "Институт физики прочности и материаловедения СО РАН",
        "Institute of Strength Physics and Materials Science SB RAS",
        "Институт физики прочности и материаловедения СО РАН",
        "",
        "RU",
        "Tomsk",
        "https://www.ispms.ru",
    ),
    "daad": (
        "foundation",
        "Deutscher Akademischer Austauschdienst",
        "German Academic Exchange Service (DAAD)",
        "Германская служба академических обменов (DAAD)",
        "Неміс академиялық алмасу қызметі (DAAD)",
        "DE",
        "Bonn",
        "https://www.daad.de",
    ),
    "siemens": (
        "company",
        "Siemens Aktiengesellschaft",
        "Siemens AG",
        "Сименс АГ",
        "",
        "DE",
        "Munich",
        "https://www.siemens.com",
    ),
    "nakamura": (
        "individual",
        "中村 健一",
        "Kenichi Nakamura",
        "Кэнъити Накамура",
        "",
        "JP",
        "Kyoto",
        "",
    ),
}

# The Kazakh title of each agreement (A2.6 in Kazakh), by its Russian title.
AGREEMENT_TITLES_KK = {
    "Меморандум о сотрудничестве в области химии": (
        "Химия саласындағы ынтымақтастық туралы меморандум"
    ),
    "Соглашение об академической мобильности студентов-инженеров": (
        "Инженер студенттердің академиялық ұтқырлығы туралы келісім"
    ),
    "Соглашение о сотрудничестве в области корейского языка": (
        "Корей тілі саласындағы ынтымақтастық туралы келісім"
    ),
    "Программа стажировок на производстве": "Өндірістегі тағылымдамалар бағдарламасы",
    "Договор о совместных исследованиях материалов": "Материалдарды бірлескен зерттеу туралы шарт",
    "Соглашение о научном консультировании": "Ғылыми консультация беру туралы келісім",
    "Консорциальное соглашение о совместной магистерской программе": (
        "Бірлескен магистратура бағдарламасы туралы консорциумдық келісім"
    ),
    "Соглашение о летней языковой школе": "Жазғы тіл мектебі туралы келісім",
    "Соглашение о стипендиальной программе": "Стипендиялық бағдарлама туралы келісім",
    "Соглашение о программе двойного диплома по информатике": (
        "Информатика бойынша қос диплом бағдарламасы туралы келісім"
    ),
    "Соглашение о программе двойного диплома по экономике": (
        "Экономика бойынша қос диплом бағдарламасы туралы келісім"
    ),
    "Соглашение об обмене преподавателями": "Оқытушылар алмасу туралы келісім",
    "Меморандум о взаимопонимании": "Өзара түсіністік туралы меморандум",
    "Соглашение о стажировках аспирантов": "Аспиранттардың тағылымдамасы туралы келісім",
    "Соглашение о совместной лаборатории": "Бірлескен зертхана туралы келісім",
    "Соглашение о двойном дипломе по туризму": "Туризм бойынша қос диплом туралы келісім",
    "Меморандум о профессиональной подготовке": "Кәсіптік даярлық туралы меморандум",
    "Соглашение о языковых стажировках": "Тілдік тағылымдамалар туралы келісім",
}

# our number: (title, kind, partner keys, subject areas, target status, options)
UNIVERSITY_AGREEMENTS = [
    (
        "ДУ-01",
        "Меморандум о сотрудничестве в области химии",
        "memorandum",
        ["lyon"],
        ["research"],
        "draft",
        {},
    ),
    (
        "ДУ-02",
        "Соглашение об академической мобильности студентов-инженеров",
        "mobility",
        ["dresden"],
        ["mobility"],
        "unit_approval",
        {"unit": True, "places": 6},
    ),
    (
        "ДУ-03",
        "Соглашение о сотрудничестве в области корейского языка",
        "cooperation",
        ["seoul"],
        ["languages", "culture"],
        "service_approval",
        {},
    ),
    (
        "ДУ-04",
        "Программа стажировок на производстве",
        "work_program",
        ["siemens"],
        ["internships"],
        "leadership_approval",
        {},
    ),
    (
        "ДУ-05",
        "Договор о совместных исследованиях материалов",
        "contract",
        ["tomsk"],
        ["research"],
        "returned",
        {},
    ),
    (
        "ДУ-06",
        "Соглашение о научном консультировании",
        "contract",
        ["nakamura"],
        ["research", "publishing"],
        "approved",
        {},
    ),
    (
        "ДУ-07",
        "Консорциальное соглашение о совместной магистерской программе",
        "joint_program",
        ["dresden", "lyon", "ankara"],
        ["education", "mobility"],
        "authority_review",
        {"form": "multilateral"},
    ),
    (
        "ДУ-08",
        "Соглашение о летней языковой школе",
        "cooperation",
        ["ankara"],
        ["languages"],
        "authority_returned",
        {},
    ),
    (
        "ДУ-09",
        "Соглашение о стипендиальной программе",
        "cooperation",
        ["daad"],
        ["mobility", "training"],
        "agreed",
        {},
    ),
    (
        "ДУ-10",
        "Соглашение о программе двойного диплома по информатике",
        "joint_program",
        ["seoul"],
        ["education"],
        "signed",
        {"starts_in": 45},
    ),
    (
        "ДУ-11",
        "Соглашение о программе двойного диплома по экономике",
        "joint_program",
        ["peking"],
        ["education", "mobility"],
        "in_force",
        {"signed_ago": 500, "years": 5, "results": True, "places": 10},
    ),
    (
        "ДУ-12",
        "Соглашение об обмене преподавателями",
        "mobility",
        ["dresden"],
        ["mobility", "training"],
        "in_force",
        {"signed_ago": 1035, "ends_in": 60, "results": True},
    ),
    (
        "ДУ-13",
        "Меморандум о взаимопонимании",
        "memorandum",
        ["ankara"],
        ["culture"],
        "in_force",
        {"signed_ago": 800, "years": 3, "auto": 24},
    ),
    (
        "ДУ-14",
        "Соглашение о стажировках аспирантов",
        "mobility",
        ["tomsk"],
        ["research", "mobility"],
        "expired",
        {"signed_ago": 1200, "years": 3},
    ),
    (
        "ДУ-15",
        "Соглашение о совместной лаборатории",
        "contract",
        ["siemens"],
        ["research"],
        "terminated",
        {"signed_ago": 700, "years": 5},
    ),
]

COLLEGE_AGREEMENTS = [
    (
        "ДК-01",
        "Соглашение о двойном дипломе по туризму",
        "joint_program",
        ["ankara"],
        ["education"],
        "imported",
        {"signed_ago": 300, "years": 4, "results": True},
    ),
    (
        "ДК-02",
        "Меморандум о профессиональной подготовке",
        "memorandum",
        ["siemens"],
        ["training"],
        "draft",
        {},
    ),
    (
        "ДК-03",
        "Соглашение о языковых стажировках",
        "mobility",
        ["dresden"],
        ["languages"],
        "service_approval",
        {},
    ),
]

STEPS = [
    "draft",
    "unit_approval",
    "service_approval",
    "leadership_approval",
    "approved",
    "authority_review",
    "agreed",
    "signed",
]


def _pdf(title: str, number: int) -> SimpleUploadedFile:
    """A one-page PDF of the text (DejaVu Sans covers Kazakh and Russian letters)."""
    from pathlib import Path

    from fpdf import FPDF

    fonts = Path(__file__).resolve().parent.parent / "core" / "fonts"
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(0, 8, f"{title}\n\nРедакция {number}\n\nТекст соглашения (демонстрация).")
    buffer = io.BytesIO(bytes(pdf.output()))
    return SimpleUploadedFile(f"text-{number}.pdf", buffer.getvalue(), "application/pdf")


def _partners(organization, keys) -> list[Partner]:
    found = []
    for key in keys:
        kind, original, latin, ru, kk, country, city, website = PARTNERS[key]
        partner = (
            Partner.objects.for_org(organization)
            .filter(country=country, name_original=original)
            .first()
        )
        if partner is None:
            partner = services.partner_create(
                organization=organization,
                actor=None,
                data={
                    "kind": kind,
                    "name_original": original,
                    "name_latin": latin,
                    "name_ru": ru,
                    "name_kk": kk,
                    "country": country,
                    "city": city,
                    "website": website,
                    "contacts": "International Office",
                },
            )
        found.append(partner)
    return found


def _member(demo, email: str, organization) -> Membership | None:
    user = demo.users.get(email)
    if user is None:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def _walk(demo, agreement: Agreement, target: str, options: dict) -> Agreement:
    """Move a new draft to `target` through the state machine, as the demo users would."""
    organization = agreement.organization
    staff_m = _member(demo, "staff@demo-university.kz", organization)
    head_m = _member(demo, "head@demo-university.kz", organization)
    coordinator_m = _member(demo, "coordinator@demo-university.kz", organization)
    rector_m = _member(demo, "rector@demo-university.kz", organization)
    staff, head = staff_m.user, head_m.user
    analyst = demo.users["analyst@edu.gov.kz"]
    today = timezone.localdate()

    services.agreement_version_add(
        agreement=agreement, actor=staff, upload=_pdf(agreement.title, 1), comment="Первая редакция"
    )
    if target == "draft":
        return agreement
    services.agreement_submit(agreement=agreement, actor=staff, membership=staff_m)
    if target in ("unit_approval", "service_approval"):
        return agreement
    if agreement.unit_id:
        services.agreement_approve(
            agreement=agreement, actor=coordinator_m.user, membership=coordinator_m
        )
    if target == "returned":
        return services.agreement_return(
            agreement=agreement,
            actor=head,
            membership=head_m,
            comment="Уточните распределение расходов между сторонами (раздел 5).",
        )
    services.agreement_approve(agreement=agreement, actor=head, membership=head_m)
    if target == "leadership_approval":
        return agreement
    services.agreement_approve(agreement=agreement, actor=rector_m.user, membership=rector_m)
    if target == "approved":
        return agreement
    services.agreement_send_to_authority(agreement=agreement, actor=staff, membership=staff_m)
    if target == "authority_review":
        return agreement
    if target == "authority_returned":
        return services.agreement_authority_decide(
            agreement=agreement,
            actor=analyst,
            agree=False,
            comment="Приведите в соответствие пункт о языке обучения и сроках пребывания.",
        )
    services.agreement_authority_decide(agreement=agreement, actor=analyst, agree=True)
    if target == "agreed":
        return agreement
    signed_on = today - dt.timedelta(days=options.get("signed_ago", 5))
    valid_from = (
        today + dt.timedelta(days=options["starts_in"]) if "starts_in" in options else (signed_on)
    )
    if "ends_in" in options:
        valid_to = today + dt.timedelta(days=options["ends_in"])
    else:
        valid_to = valid_from.replace(year=valid_from.year + options.get("years", 5))
    agreement = services.agreement_sign(
        agreement=agreement,
        actor=staff,
        membership=staff_m,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        signed_copy=_pdf(agreement.title, 99),
    )
    if target == "terminated":
        agreement = services.agreement_terminate(
            agreement=agreement,
            actor=staff,
            membership=staff_m,
            terminated_on=today - dt.timedelta(days=60),
            reason="Партнёр закрыл лабораторию; соглашение расторгнуто по взаимному согласию.",
        )
    return agreement


def _results(agreement: Agreement, actor) -> None:
    today = timezone.localdate()
    activity = services.planned_activity_create(
        agreement=agreement,
        actor=actor,
        data={
            "title": "Летняя школа и обмен студентами",
            "starts_on": today - dt.timedelta(days=120),
            "ends_on": today + dt.timedelta(days=200),
        },
    )
    for days, kind, text in (
        (90, "mobility", "Семестр обучения четырёх студентов в университете-партнёре."),
        (40, "publication", "Совместная статья в рецензируемом журнале."),
        (400, "event", "Совместный научный семинар."),
    ):
        services.implementation_result_create(
            agreement=agreement,
            actor=actor,
            data={
                "date": today - dt.timedelta(days=days),
                "kind": kind,
                "description": text,
                "activity": activity if kind == "mobility" else None,
            },
        )


def _agreement(demo, organization, spec, unit) -> Agreement | None:
    number, title, kind, partner_keys, areas, target, options = spec
    existing = Agreement.objects.for_org(organization).filter(our_number=number).first()
    if existing is not None:
        return existing
    partners = _partners(organization, partner_keys)
    data = {
        "our_number": number,
        "title": title,
        "title_kk": AGREEMENT_TITLES_KK.get(title, ""),
        "kind": kind,
        "form": options.get("form", "bilateral"),
        "subject_areas": areas,
        "unit": unit if options.get("unit") else None,
        "mobility_places": options.get("places"),
        "automatic_prolongation": bool(options.get("auto")),
        "prolongation_months": options.get("auto"),
    }
    if target == "imported":
        today = timezone.localdate()
        signed_on = today - dt.timedelta(days=options["signed_ago"])
        data["valid_to"] = signed_on.replace(year=signed_on.year + options["years"])
        agreement = services.agreement_import(
            organization=organization,
            actor=None,
            data=data,
            partners=partners,
            signed_on=signed_on,
        )
    else:
        agreement = services.agreement_create(
            organization=organization, actor=None, data=data, partners=partners
        )
        agreement = _walk_for(demo, agreement, target, options)
    if options.get("results"):
        staff = demo.users.get("staff@demo-university.kz")
        _results(agreement, staff if organization == demo.university else None)
    return agreement


def _walk_for(demo, agreement, target, options):
    if agreement.organization == demo.university:
        return _walk(demo, agreement, target, options)
    # The college: a responsible person (R6) drafts and submits; nobody else approves there.
    head_m = _member(demo, "responsible@demo-college.kz", agreement.organization)
    services.agreement_version_add(
        agreement=agreement,
        actor=head_m.user,
        upload=_pdf(agreement.title, 1),
        comment="Первая редакция",
    )
    if target == "service_approval":
        services.agreement_submit(agreement=agreement, actor=head_m.user, membership=head_m)
    return agreement


def _missions(demo) -> None:
    university = demo.university
    staff = demo.users.get("staff@demo-university.kz")
    today = timezone.localdate()
    rows = [
        (
            "embassy",
            "Посольство Федеративной Республики Германия в Республике Казахстан",
            "DE",
            "Астана",
            "ул. Космонавтов, 62",
            "+7 7172 79 12 00",
            [("Визовая поддержка участников летней школы в Дрездене", None, 30)],
        ),
        (
            "consulate_general",
            "Генеральное консульство Китайской Народной Республики в Алматы",
            "CN",
            "Алматы",
            "ул. Фурманова, 137",
            "+7 727 270 02 21",
            [("Замена паспорта студента", "WANG", 12)],
        ),
        (
            "cultural_centre",
            "Культурный центр Юнуса Эмре",
            "TR",
            "Астана",
            "ул. Достык, 12",
            "+7 7172 55 55 55",
            [],
        ),
    ]
    for kind, name, country, city, address, phones, contacts in rows:
        mission = DiplomaticMission.objects.for_org(university).filter(name=name).first()
        if mission is not None:
            continue
        mission = services.mission_create(
            organization=university,
            actor=staff,
            data={
                "kind": kind,
                "name": name,
                "country": country,
                "city": city,
                "address": address,
                "phones": phones,
            },
        )
        for subject, person_latin, days in contacts:
            person = (
                Person.objects.for_org(university).filter(last_name_latin=person_latin).first()
                if person_latin
                else None
            )
            stay = (
                stays_of_person(organization=university, person_id=person.pk).last()
                if person is not None
                else None
            )
            services.mission_contact_create(
                mission=mission,
                actor=staff,
                data={
                    "date": today - dt.timedelta(days=days),
                    "subject": subject,
                    "stay": stay,
                    "outcome": "Вопрос решён, документы переданы в срок.",
                },
            )


# Foreigners (Latin surname and first name) and the agreement (our number) they came under.
STAYS_UNDER_AGREEMENTS = [
    (("MUELLER", "ANNA"), "ДУ-12"),  # a teacher from Germany: the exchange of teachers
    (("KIM", "JIWOO"), "ДУ-10"),  # a researcher from Korea, academic mobility
    (("SMIRNOV", "ALEXEI"), "ДУ-14"),  # a student from Russia, under the expired one
]
# Trips of outbound's demo (traveller key), their host partner and agreement (or None).
TRIPS_TO_PARTNERS = [
    ("beijing", "peking", "ДУ-11"),
    ("ankara", "ankara", "ДУ-13"),
    ("seoul", "seoul", "ДУ-10"),
    ("lyon", "lyon", None),
]


def _stays_under_agreements(demo) -> None:
    university = demo.university
    staff = demo.users.get("staff@demo-university.kz")
    for (last_name, first_name), number in STAYS_UNDER_AGREEMENTS:
        person = (
            Person.objects.for_org(university)
            .filter(last_name_latin=last_name, first_name_latin=first_name)
            .first()
        )
        agreement = Agreement.objects.for_org(university).filter(our_number=number).first()
        stay = (
            stays_of_person(organization=university, person_id=person.pk).last()
            if person is not None
            else None
        )
        if stay is None or agreement is None:
            continue
        if AgreementStay.objects.for_org(university).filter(stay=stay).exists():
            continue
        services.agreement_stay_link(stay=stay, agreement=agreement, actor=staff)


def _trips_to_partners(demo) -> None:
    university = demo.university
    staff = demo.users.get("staff@demo-university.kz")
    for traveller, partner_key, number in TRIPS_TO_PARTNERS:
        last_name, first_name = TRAVELLERS[traveller][1]
        trip = (
            Trip.objects.for_org(university)
            .filter(person__last_name_latin=last_name, person__first_name_latin=first_name)
            .order_by("id")
            .first()
        )
        if trip is None or TripPartnerLink.objects.for_org(university).filter(trip=trip).exists():
            continue
        agreement = (
            Agreement.objects.for_org(university).filter(our_number=number).first()
            if number
            else None
        )
        services.trip_partner_link(
            trip=trip,
            partner=_partners(university, [partner_key])[0],
            agreement=agreement,
            actor=staff,
        )


def seed(demo) -> None:
    university, college = demo.university, demo.college
    unit = (
        Unit.objects.for_org(university).filter(name_ru="Факультет международных отношений").first()
    )
    for spec in UNIVERSITY_AGREEMENTS:
        _agreement(demo, university, spec, unit)
    expired = Agreement.objects.for_org(university).filter(our_number="ДУ-14").first()
    if expired is not None and not expired.renewals.exists():
        staff = demo.users.get("staff@demo-university.kz")
        renewal = services.agreement_renew(agreement=expired, actor=staff)
        services.agreement_update(
            agreement=renewal, actor=staff, data={"our_number": "ДУ-16"}, partners=None
        )
    for spec in COLLEGE_AGREEMENTS:
        _agreement(demo, college, spec, None)
    _missions(demo)
    _stays_under_agreements(demo)
    _trips_to_partners(demo)
