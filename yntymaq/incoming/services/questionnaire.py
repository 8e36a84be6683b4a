"""The questionnaire (A1): drafts, photo, submission, review; self-service links; consent."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from PIL import Image, UnidentifiedImageError

from yntymaq.core import audit
from yntymaq.core.edits import assign_fields
from yntymaq.core.errors import ApplicationError
from yntymaq.core.models import Organization, User

from ..enums import EducationType, Kinship, LanguageLevel, Motive, QuestionnaireStatus
from ..models import PersonalDataConsent, Questionnaire, QuestionnaireLink, Stay
from ..models.questionnaire import check_a1_10_birth_date
from ..queries import settings_for
from ._base import validate

# Fields the foreigner (or the Service) fills in, item by item.
QUESTIONNAIRE_FIELDS = [
    "language",
    "last_name",
    "first_name",
    "patronymic",
    "sex",
    "citizenship",
    "birth_country",
    "birth_city",
    "birth_region",
    "ethnicity",
    "religion",
    "political_membership",
    "permanent_address",
    "phones",
    "marital_status",
    "relatives",
    "education",
    "languages",
    "activity",
    "motives",
    "motive_other",
    "purpose",
    "other_information",
    "statement_accepted",
    "signed_name",
    "signed_on",
]
RESTRICTED = Questionnaire.RESTRICTED_FIELDS
PHOTO_MAX_BYTES = 5 * 1024 * 1024
TOKEN_BYTES = 32


def _lock(questionnaire: Questionnaire) -> Questionnaire:
    """Lock the row for this transaction and bring the instance up to date."""
    list(Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).values("pk"))
    questionnaire.refresh_from_db()
    return questionnaire


class QuestionnaireError(ApplicationError):
    """A change of a questionnaire that the rules refuse."""


class LinkError(ApplicationError):
    """A questionnaire link that is unknown, expired or revoked."""


# --- A1 items: the checks of the tables and ranks ---------------------------------------------


def check_a1_14_motives(motives: dict[str, Any], other_text: str) -> dict[str, int]:
    """A1.14: motives ranked 1, 2, 3 … among the eight boxes of the form; each rank used once;
    "other motives" needs its text. Returns {motive: rank} without the empty ones."""
    ranks: dict[str, int] = {}
    valid = set(Motive.values)
    for motive, rank in (motives or {}).items():
        if motive not in valid:
            raise ValidationError({"motives": _("Unknown motive.")})
        if rank in (None, ""):
            continue
        try:
            number = int(rank)
        except (TypeError, ValueError):
            raise ValidationError({"motives": _("A rank is a whole number: 1, 2, 3 …")}) from None
        if not 1 <= number <= len(valid):
            raise ValidationError(
                {"motives": _("A rank is between 1 and %(n)s.") % {"n": len(valid)}}
            )
        ranks[motive] = number
    used = sorted(ranks.values())
    duplicates = sorted({r for r in used if used.count(r) > 1})
    if duplicates:
        raise ValidationError(
            {
                "motives": _("Each rank can be given once; used more than once: %(ranks)s.")
                % {"ranks": ", ".join(str(r) for r in duplicates)}
            }
        )
    if Motive.OTHER in ranks and not (other_text or "").strip():
        raise ValidationError({"motive_other": _("Name the other motive that you ranked.")})
    return dict(sorted(ranks.items(), key=lambda item: item[1]))


def _text(row: dict, key: str, limit: int = 300) -> str:
    return " ".join(str(row.get(key) or "").split())[:limit]


def _row_date(value) -> str:
    if value in (None, ""):
        return ""
    parsed = value if isinstance(value, date) else parse_date(str(value))
    if parsed is None:
        raise ValidationError(_("Enter a valid date."))
    return check_a1_10_birth_date(parsed).isoformat()


def clean_a1_10_relatives(rows: list[dict]) -> list[dict]:
    """A1.10: degree of kinship, full name, date of birth, occupation, permanent address."""
    cleaned = []
    order = {k: i for i, k in enumerate(Kinship.values)}
    for row in rows or []:
        item = {
            "kinship": _text(row, "kinship", 20),
            "full_name": _text(row, "full_name"),
            "birth_date": row.get("birth_date") or "",
            "occupation": _text(row, "occupation"),
            "address": _text(row, "address"),
        }
        if not any(v for k, v in item.items() if k != "kinship"):
            continue
        if item["kinship"] not in order:
            raise ValidationError(
                {"relatives": _("Choose the degree of kinship of each relative.")}
            )
        if not item["full_name"]:
            raise ValidationError({"relatives": _("Enter the full name of each relative.")})
        try:
            item["birth_date"] = _row_date(item["birth_date"])
        except ValidationError as error:
            raise ValidationError({"relatives": error.messages}) from None
        cleaned.append(item)
    return sorted(cleaned, key=lambda r: order[r["kinship"]])


def clean_a1_11_education(rows: list[dict]) -> list[dict]:
    """A1.11: organization, program, years of study, type of organization, documents."""
    cleaned = []
    for row in rows or []:
        item = {
            "organization": _text(row, "organization"),
            "program": _text(row, "program"),
            "years": _text(row, "years", 40),
            "type": _text(row, "type", 20),
            "documents": _text(row, "documents"),
        }
        if not any(item.values()):
            continue
        if not item["organization"]:
            raise ValidationError({"education": _("Enter the name of each organization.")})
        if item["type"] and item["type"] not in EducationType.values:
            raise ValidationError({"education": _("Choose the type of organization.")})
        cleaned.append(item)
    return cleaned


def clean_a1_12_languages(rows: list[dict]) -> list[dict]:
    """A1.12: each language with the level of speaking, reading and writing."""
    cleaned = []
    for row in rows or []:
        item = {
            "language": _text(row, "language", 60),
            "speaking": _text(row, "speaking", 20),
            "reading": _text(row, "reading", 20),
            "writing": _text(row, "writing", 20),
        }
        if not item["language"]:
            if any(item[k] for k in ("speaking", "reading", "writing")):
                raise ValidationError({"languages": _("Name the language of each row.")})
            continue
        for key in ("speaking", "reading", "writing"):
            if item[key] and item[key] not in LanguageLevel.values:
                raise ValidationError({"languages": _("Choose a level from the list.")})
        cleaned.append(item)
    return cleaned


def _clean_values(data: dict[str, Any]) -> dict[str, Any]:
    """The tables and ranks in their stored shape; raises ValidationError by field."""
    data = dict(data)
    if "relatives" in data:
        data["relatives"] = clean_a1_10_relatives(data["relatives"])
    if "education" in data:
        data["education"] = clean_a1_11_education(data["education"])
    if "languages" in data:
        data["languages"] = clean_a1_12_languages(data["languages"])
    if "motives" in data:
        data["motives"] = check_a1_14_motives(data["motives"], data.get("motive_other", ""))
    return data


# --- life of a questionnaire --------------------------------------------------------------------


@transaction.atomic
def questionnaire_start(*, stay: Stay, actor: User | None) -> Questionnaire:
    """The stay's questionnaire, created on first use with what the registry already knows."""
    existing = Questionnaire.objects.filter(stay=stay).first()
    if existing is not None:
        return existing
    person = stay.person
    cyrillic = bool(person.last_name and person.first_name)
    questionnaire = Questionnaire.objects.create(
        organization=stay.organization,
        stay=stay,
        last_name=person.last_name if cyrillic else person.last_name_latin,
        first_name=person.first_name if cyrillic else person.first_name_latin,
        patronymic=person.patronymic if cyrillic else person.patronymic_latin,
        sex=person.sex,
        citizenship=person.citizenship,
        phones=person.phones,
        purpose=stay.program_name,
    )
    audit.record(action="incoming.questionnaire.created", actor=actor, target=questionnaire)
    return questionnaire


@transaction.atomic
def questionnaire_save(
    *, questionnaire: Questionnaire, actor: User | None, data: dict[str, Any]
) -> Questionnaire:
    """Save (part of) a questionnaire: a draft step by the foreigner or an edit by the Service.

    The foreigner may change it only while it is a draft or returned; the Service until it is
    accepted. Values are checked item by item; nothing is saved when they are wrong.
    """
    questionnaire = _lock(questionnaire)
    if actor is None and not questionnaire.editable_by_foreigner:
        raise QuestionnaireError(_("This questionnaire has been submitted and cannot be changed."))
    if questionnaire.status == QuestionnaireStatus.ACCEPTED:
        raise QuestionnaireError(_("An accepted questionnaire cannot be changed."))
    data = _clean_values(data)
    before = audit.snapshot(questionnaire, QUESTIONNAIRE_FIELDS)
    assign_fields(questionnaire, data, QUESTIONNAIRE_FIELDS)
    validate(questionnaire, exclude=["stay", "photo", "accepted_by"])
    questionnaire.save()
    changes = audit.changes(
        before, audit.snapshot(questionnaire, QUESTIONNAIRE_FIELDS), restricted=RESTRICTED
    )
    if changes:
        audit.record(
            action="incoming.questionnaire.updated",
            actor=actor,
            target=questionnaire,
            data={"changes": changes, "via": "staff" if actor else "link"},
        )
    return questionnaire


def check_photo(upload) -> str:
    """The 3×4 photo: JPEG or PNG verified by opening it, at most 5 MB. Returns a warning
    when its proportions are far from 3:4 (the photo is still accepted)."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"photo": _("The photo is larger than 5 MB.")})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            {"photo": _("The file is not a JPEG or PNG image (checked by opening it).")}
        ) from None
    finally:
        upload.seek(0)
    if kind not in ("JPEG", "PNG"):
        raise ValidationError({"photo": _("The photo must be a JPEG or PNG image.")})
    upload.name = "photo.jpg" if kind == "JPEG" else "photo.png"
    ratio = width / height if height else 0
    if abs(ratio - 0.75) > 0.08:
        return str(
            _(
                "The photo is %(w)s×%(h)s pixels; a 3×4 photo is about three quarters as wide "
                "as it is high."
            )
            % {"w": width, "h": height}
        )
    return ""


@transaction.atomic
def questionnaire_photo_set(*, questionnaire: Questionnaire, actor: User | None, upload) -> str:
    if actor is None and not questionnaire.editable_by_foreigner:
        raise QuestionnaireError(_("This questionnaire has been submitted and cannot be changed."))
    warning = check_photo(upload)
    old = questionnaire.photo.name if questionnaire.photo else ""
    questionnaire.photo = upload
    questionnaire.save(update_fields=["photo", "updated_at"])
    if old:
        storage = questionnaire.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit.record(
        action="incoming.questionnaire.photo_uploaded",
        actor=actor,
        target=questionnaire,
        data={"via": "staff" if actor else "link"},
    )
    return warning


def missing_items(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """What a submission still lacks, by step of the form: {step: [item, …]}."""
    q = questionnaire
    missing: dict[str, list[str]] = {}

    def need(step: str, ok: bool, label) -> None:
        if not ok:
            missing.setdefault(step, []).append(str(label))

    need("personal", bool(q.photo), _("A1: photo 3×4"))
    need("personal", bool(q.last_name and q.first_name), _("A1.1: surname and given name"))
    need("personal", bool(q.sex), _("A1.2: sex"))
    need("personal", bool(q.citizenship), _("A1.3: citizenship"))
    need("personal", bool(q.birth_country and q.birth_city), _("A1.4: place of birth"))
    need("personal", bool(q.ethnicity), _("A1.5: ethnicity"))
    need("personal", bool(q.permanent_address and q.phones), _("A1.8: address and phones"))
    need("personal", bool(q.marital_status), _("A1.9: marital status"))
    need("relatives", bool(q.relatives), _("A1.10: at least one relative"))
    need("education", bool(q.education), _("A1.11: education before arrival"))
    need("education", bool(q.languages), _("A1.12: languages"))
    need("purpose", bool(q.activity.strip()), _("A1.13: activity in the last 5 years"))
    need("purpose", bool(q.motives), _("A1.14: motives"))
    need("purpose", bool(q.purpose.strip()), _("A1.15: specialty, purpose or topic"))
    consent = getattr(q, "consent", None) if q.pk else None
    need("statement", consent is not None and consent.withdrawn_at is None, _("consent"))
    need(
        "statement",
        q.statement_accepted and bool(q.signed_name.strip()) and q.signed_on is not None,
        _("A1.17: statement, date and signature"),
    )
    return missing


@transaction.atomic
def questionnaire_submit(*, questionnaire: Questionnaire, actor: User | None) -> Questionnaire:
    questionnaire = _lock(questionnaire)
    if not questionnaire.editable_by_foreigner:
        raise QuestionnaireError(_("This questionnaire has already been submitted."))
    missing = missing_items(questionnaire)
    if missing:
        raise QuestionnaireError(
            _("The questionnaire is not complete yet."), extra={"missing": missing}
        )
    questionnaire.status = QuestionnaireStatus.SUBMITTED
    questionnaire.submitted_at = timezone.now()
    questionnaire.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(
        action="incoming.questionnaire.submitted",
        actor=actor,
        target=questionnaire,
        data={"via": "staff" if actor else "link"},
    )
    return questionnaire


@transaction.atomic
def questionnaire_return(
    *, questionnaire: Questionnaire, actor: User, comment: str
) -> Questionnaire:
    """Return a submitted questionnaire with a comment; this reopens the foreigner's link
    (an expired, unrevoked link gets the usual validity again)."""
    questionnaire = _lock(questionnaire)
    if questionnaire.status != QuestionnaireStatus.SUBMITTED:
        raise QuestionnaireError(_("Only a submitted questionnaire can be returned."))
    if not comment.strip():
        raise QuestionnaireError(_("Say what to correct."), field="comment")
    questionnaire.status = QuestionnaireStatus.RETURNED
    questionnaire.return_comment = comment.strip()
    questionnaire.returned_at = timezone.now()
    questionnaire.save(update_fields=["status", "return_comment", "returned_at", "updated_at"])
    days = settings_for(questionnaire.organization).questionnaire_link_days
    questionnaire.links.filter(revoked_at__isnull=True, expires_at__lte=timezone.now()).update(
        expires_at=timezone.now() + timedelta(days=days)
    )
    audit.record(
        action="incoming.questionnaire.returned",
        actor=actor,
        target=questionnaire,
        data={"comment": questionnaire.return_comment},
    )
    return questionnaire


@transaction.atomic
def questionnaire_accept(*, questionnaire: Questionnaire, actor: User) -> Questionnaire:
    questionnaire = _lock(questionnaire)
    if questionnaire.status != QuestionnaireStatus.SUBMITTED:
        raise QuestionnaireError(_("Only a submitted questionnaire can be accepted."))
    questionnaire.status = QuestionnaireStatus.ACCEPTED
    questionnaire.accepted_at = timezone.now()
    questionnaire.accepted_by = actor
    questionnaire.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
    questionnaire.links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(action="incoming.questionnaire.accepted", actor=actor, target=questionnaire)
    return questionnaire


# --- the self-service link ----------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def questionnaire_link_issue(
    *, questionnaire: Questionnaire, actor: User
) -> tuple[QuestionnaireLink, str]:
    """A new personal link (unguessable token, only its hash stored); earlier links stop."""
    if questionnaire.status == QuestionnaireStatus.ACCEPTED:
        raise QuestionnaireError(_("The questionnaire is accepted: no link is needed."))
    now = timezone.now()
    questionnaire.links.filter(revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    days = settings_for(questionnaire.organization).questionnaire_link_days
    link = QuestionnaireLink.objects.create(
        organization=questionnaire.organization,
        questionnaire=questionnaire,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=days),
        created_by=actor,
    )
    audit.record(
        action="incoming.questionnaire_link.issued",
        actor=actor,
        target=link,
        data={"expires_at": link.expires_at},
    )
    return link, token


@transaction.atomic
def questionnaire_link_revoke(*, link: QuestionnaireLink, actor: User) -> QuestionnaireLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
        audit.record(action="incoming.questionnaire_link.revoked", actor=actor, target=link)
    return link


# A link that can never work again is kept this long after it stopped, then deleted.
LINK_KEPT_AFTER_END = timedelta(days=90)


def questionnaire_links_purge(*, now) -> int:
    """Daily job: delete the links that stopped working more than 90 days ago and can never
    work again: withdrawn ones (a new link, an accepted questionnaire, or by hand), and expired
    ones unless their questionnaire is submitted (returning it reopens an expired link). One
    audit entry per organization."""
    cutoff = now - LINK_KEPT_AFTER_END
    with scopes_disabled():
        dead = QuestionnaireLink.objects.filter(
            models.Q(revoked_at__lt=cutoff)
            | (
                models.Q(revoked_at__isnull=True, expires_at__lt=cutoff)
                & ~models.Q(questionnaire__status=QuestionnaireStatus.SUBMITTED)
            )
        )
        counts: dict[int, int] = {}
        for organization_id in dead.values_list("organization_id", flat=True):
            counts[organization_id] = counts.get(organization_id, 0) + 1
        for organization_id, count in counts.items():
            with transaction.atomic():
                dead.filter(organization_id=organization_id).delete()
                audit.record(
                    action="incoming.questionnaire_link.purged",
                    actor=None,
                    organization=Organization.objects.get(pk=organization_id),
                    data={"count": count},
                )
    return sum(counts.values())


def questionnaire_link_open(token: str) -> QuestionnaireLink:
    """The link of a token, or LinkError saying why it does not work. Records the opening."""
    if not token or len(token) > 100:
        raise LinkError(_("This link is not valid."), extra={"reason": "unknown"})
    with scopes_disabled():
        link = (
            QuestionnaireLink.objects.select_related(
                "organization", "questionnaire", "questionnaire__stay__person"
            )
            .filter(token_hash=token_hash(token))
            .first()
        )
        if link is None:
            raise LinkError(_("This link is not valid."), extra={"reason": "unknown"})
        if link.revoked_at is not None:
            raise LinkError(
                _("This link has been withdrawn. Ask the international office for a new one."),
                extra={"reason": "revoked"},
            )
        if link.expires_at <= timezone.now():
            raise LinkError(
                _("This link has expired. Ask the international office for a new one."),
                extra={"reason": "expired"},
            )
        QuestionnaireLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())
    return link


# --- personal-data consent ----------------------------------------------------------------------

CONSENT_PURPOSE = _(
    "Admission, study, work or research at the organization; migration registration and "
    "visa support; accommodation, medical care and reporting to the authorized body."
)
CONSENT_DATA = _(
    "Items 1–17 of the questionnaire (Appendix 1 of the Rules, order No. 661), the photo, "
    "copies of the passport, visa, education and medical documents, contact details."
)


@transaction.atomic
def consent_give(*, questionnaire: Questionnaire, actor: User | None) -> PersonalDataConsent:
    """Record the subject's consent (Law 94-V art. 8): operator and BIN from the organization,
    the subject, purpose, term, transfers and the list of data."""
    organization = questionnaire.organization
    existing = PersonalDataConsent.objects.filter(questionnaire=questionnaire).first()
    now = timezone.now()
    years = settings_for(organization).consent_term_years
    today = timezone.localdate()
    values = {
        "operator_name": organization.name_ru,
        "operator_bin": organization.bin,
        "subject_name": questionnaire.full_name or str(questionnaire.stay.person),
        "purpose": str(CONSENT_PURPOSE),
        "term_until": today.replace(year=today.year + years)
        if not (today.month == 2 and today.day == 29)
        else date(today.year + years, 2, 28),
        "third_party_transfer": True,
        "cross_border_transfer": False,
        "publication": False,
        "data_list": str(CONSENT_DATA),
        "given_at": now,
        "withdrawn_at": None,
    }
    if existing is not None and existing.withdrawn_at is None:
        return existing
    if existing is None:
        consent = PersonalDataConsent.objects.create(
            organization=organization, questionnaire=questionnaire, **values
        )
    else:
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        consent = existing
    audit.record(
        action="incoming.consent.given",
        actor=actor,
        target=consent,
        data={"via": "staff" if actor else "link", "term_until": consent.term_until},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: PersonalDataConsent, actor: User) -> PersonalDataConsent:
    if consent.withdrawn_at is not None:
        raise QuestionnaireError(_("The consent is already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at", "updated_at"])
    audit.record(action="incoming.consent.withdrawn", actor=actor, target=consent)
    return consent


__all__ = [
    "LinkError",
    "QuestionnaireError",
    "check_a1_14_motives",
    "check_photo",
    "consent_give",
    "consent_withdraw",
    "missing_items",
    "questionnaire_accept",
    "questionnaire_link_issue",
    "questionnaire_link_open",
    "questionnaire_link_revoke",
    "questionnaire_links_purge",
    "questionnaire_photo_set",
    "questionnaire_return",
    "questionnaire_save",
    "questionnaire_start",
    "questionnaire_submit",
]
