"""Registering organizations (by the authorized body or `manage.py create_organization`) and
deactivating them. Each function is one business action, audited in its transaction.

A registered organization gets what the registration does not ask for by default — its short
name (the Russian name), its address name in page addresses (the name in Latin letters) and
its address (its region) — which its head of the Service edits later in Settings; its head of
the Service is invited at once (core.invitations).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from . import audit
from .enums import InvitationStatus, Region, Role
from .errors import ApplicationError
from .invitations import invitation_make, normalize_email
from .models import Invitation, Membership, Organization, User

# What registration asks for; everything else gets a default (organization_defaults).
REGISTER_FIELDS = ("bin", "name_kk", "name_ru", "name_en", "kind", "region")
SLUG_LENGTH = 50
# The field each default is made from: an error of a default is reported on its source.
DEFAULTS_FROM = {"short_name": "name_ru", "slug": "name_ru", "address": "region"}

_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip


class OrganizationError(ApplicationError):
    """A registration or a change of an organization's state that cannot be made."""


class OrganizationExists(OrganizationError):
    """The BIN is registered already. `differences` names what the new data would change
    (empty: the same registration again, which changes nothing)."""

    def __init__(self, existing: Organization, differences: list[str]):
        self.existing = existing
        self.differences = differences
        message = _("An organization with this BIN is already registered: %(name)s (%(slug)s).") % {
            "name": existing.name_ru,
            "slug": existing.slug,
        }
        super().__init__(message, field="bin")


def latin(text: str) -> str:
    """Cyrillic (Kazakh and Russian letters) written in Latin letters, for address names."""
    return "".join(_LATIN.get(ch, _LATIN.get(ch.lower(), ch)) for ch in text)


def slug_base(name: str) -> str:
    """The name in Latin letters as an address name, cut at a word to SLUG_LENGTH."""
    full = slugify(latin(name))
    base = full if len(full) <= SLUG_LENGTH else full[:SLUG_LENGTH].rsplit("-", 1)[0]
    return base.strip("-") or "organization"


def default_slug(name: str, taken: set[str]) -> str:
    """An address name made of the name in Latin letters, unique among `taken` (with a
    suffix -2, -3 … when needed)."""
    base = slug_base(name)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def organization_defaults(data: dict[str, Any], taken_slugs: set[str] | None = None) -> dict:
    """Short name, address name and address of a new organization, edited later in Settings.

    `taken_slugs` is the set of address names in use (an import passes it once for all its
    rows); without it the few that could clash are read."""
    name_ru = " ".join(str(data.get("name_ru") or "").split())
    short_name = name_ru
    if len(short_name) > 100:
        short_name = short_name[:100].rsplit(" ", 1)[0]
    source = data.get("name_en") or name_ru
    if taken_slugs is None:
        taken_slugs = set(
            Organization.objects.filter(slug__startswith=slug_base(source)).values_list(
                "slug", flat=True
            )
        )
    region = data.get("region")
    with translation.override("ru"):
        address = str(Region(region).label) if region in Region.values else ""
    return {
        "short_name": short_name,
        "slug": default_slug(source, taken_slugs),
        "address": address,
    }


@scopes_disabled()  # by explicit organization
def head_emails(organization: Organization) -> set[str]:
    """E-mails of the organization's heads of the Service: active members with the role and
    invitations to it that are waiting or accepted."""
    members = Membership.objects.filter(
        organization=organization, role=Role.SERVICE_HEAD, is_active=True
    ).values_list("user__email", flat=True)
    invited = Invitation.objects.filter(
        Q(status=InvitationStatus.PENDING) | Q(status=InvitationStatus.ACCEPTED),
        organization=organization,
        role=Role.SERVICE_HEAD,
    ).values_list("email", flat=True)
    return {email.lower() for email in [*members, *invited]}


def organization_differences(
    existing: Organization, data: dict[str, Any], head_email: str
) -> list[str]:
    """The names of the registration's fields whose values differ from the organization's."""
    differences = []
    for name in REGISTER_FIELDS:
        if name in data and (data[name] or "") != (getattr(existing, name) or ""):
            differences.append(str(Organization._meta.get_field(name).verbose_name))
    if head_email and normalize_email(head_email) not in head_emails(existing):
        differences.append(str(_("head of the Service's e-mail")))
    return differences


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name in REGISTER_FIELDS:
        value = data.get(name)
        cleaned[name] = " ".join(str(value).split()) if value is not None else ""
    cleaned["bin"] = cleaned["bin"].replace(" ", "")
    return cleaned


def _save_new(
    organization: Organization, data: dict[str, Any], head_email: str, taken_slugs: set[str] | None
) -> None:
    """Insert the new organization. Another request may register the same BIN (or take the
    same address name) between the look-up and this insert: the database's unique columns
    refuse it, and the answer is then the same as for a BIN registered earlier (a new
    address name is chosen when only that was taken)."""
    for _attempt in range(3):
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                organization.save()
            return
        except IntegrityError:
            existing = Organization.objects.filter(bin=organization.bin).first()
            if existing is not None:
                raise OrganizationExists(
                    existing, organization_differences(existing, data, head_email)
                ) from None
            organization.pk = None
            if taken_slugs is not None:
                taken_slugs.add(organization.slug)
            organization.slug = organization_defaults(data)["slug"]
    raise OrganizationError(_("The organization could not be saved: please try again."))


@transaction.atomic
def organization_register(
    *,
    data: dict[str, Any],
    head_email: str,
    actor: User | None,
    taken_slugs: set[str] | None = None,
) -> tuple[Organization, Invitation]:
    """Register an organization and invite its head of the Service / responsible person.

    `data` holds REGISTER_FIELDS. Every error of the data comes back at once, each under its
    field (`head_email` for the head's address). A BIN already registered raises
    OrganizationExists naming that organization and what would differ. `actor` is the
    authority user, or None for the command line. The invitation e-mail is queued after the
    commit (core.invitations).

    Made for the 1,000 rows of the national list: the BIN is looked up once, the address name
    is chosen among `taken_slugs` (or the few names it could clash with), so no uniqueness
    query is repeated (the columns stay unique in the database), and the new organization's
    head is invited without the checks that only an existing organization needs.
    """
    if actor is not None and not actor.is_authority:
        raise OrganizationError(_("Only the authorized body registers organizations."))
    data = _clean_data(data)
    head_email = normalize_email(head_email)
    existing = Organization.objects.filter(bin=data["bin"]).first()
    if existing is not None:
        raise OrganizationExists(existing, organization_differences(existing, data, head_email))
    organization = Organization(**data, **organization_defaults(data, taken_slugs))
    errors: dict[str, list] = {}
    try:
        organization.full_clean(validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            # A default made from a field in error only repeats that error.
            source = DEFAULTS_FROM.get(name)
            if source is None:
                errors[name] = messages
            elif source not in error.message_dict:
                errors.setdefault(source, []).extend(messages)
    try:
        validate_email(head_email)
    except ValidationError:
        errors["head_email"] = [_("Enter a valid e-mail address.")]
    if errors:
        raise ValidationError(errors)
    _save_new(organization, data, head_email, taken_slugs)
    if taken_slugs is not None:
        taken_slugs.add(organization.slug)
    audit.record(
        action="core.organization.registered",
        actor=actor,
        target=organization,
        data={
            "changes": audit.changes(
                {}, audit.snapshot(organization, [*REGISTER_FIELDS, "short_name", "slug"])
            )
        },
    )
    invitation = invitation_make(
        organization=organization, email=head_email, role=Role.SERVICE_HEAD, actor=actor
    )
    return organization, invitation


@transaction.atomic
def organization_deactivate(*, organization: Organization, actor: User) -> Organization:
    """Deactivate an organization: its data and submissions stay, its members can no longer
    log in to it (they are told why) and its waiting invitations cannot be accepted."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not organization.is_active:
        raise OrganizationError(_("This organization is already deactivated."))
    organization.is_active = False
    organization.deactivated_at = timezone.now()
    organization.save(update_fields=["is_active", "deactivated_at"])
    audit.record(
        action="core.organization.deactivated",
        actor=actor,
        target=organization,
        data={"changes": {"is_active": [True, False]}},
    )
    return organization


@transaction.atomic
def organization_reactivate(*, organization: Organization, actor: User) -> Organization:
    """Let the members of a deactivated organization use it again."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.is_active:
        raise OrganizationError(_("This organization is active."))
    organization.is_active = True
    organization.deactivated_at = None
    organization.save(update_fields=["is_active", "deactivated_at"])
    audit.record(
        action="core.organization.reactivated",
        actor=actor,
        target=organization,
        data={"changes": {"is_active": [False, True]}},
    )
    return organization
