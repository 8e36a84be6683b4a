"""Organizations (tenants), users, memberships and the audit log."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .enums import ImportStatus, InvitationStatus, OrganizationKind, Region, Role
from .validators import validate_bin

SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"


@lru_cache(maxsize=4096)
def _choice_labels(field: models.Field, language: str) -> dict:
    with translation.override(language):
        return {make_hashable(value): str(label) for value, label in field.flatchoices}


class ChoiceLabels:
    """`get_FOO_display()` from a table of labels made once per field and language.

    Django's own rebuilds the field's choices and translates every one of them on each call,
    which was a third of the time of a page listing 2,000 plan items or 1,000 organizations.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = _choice_labels(field, translation.get_language() or "")
        return labels.get(make_hashable(value), value)


class Organization(ChoiceLabels, models.Model):
    """An education organization: the tenant every organization-owned record belongs to."""

    name_kk = models.CharField(_("full name in Kazakh"), max_length=500)
    name_ru = models.CharField(_("full name in Russian"), max_length=500)
    name_en = models.CharField(_("full name in English"), max_length=500, blank=True)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(
        _("address name"),
        max_length=60,
        unique=True,
        help_text=_("Used in page addresses: /o/<address name>/"),
        error_messages={"unique": _("This address name is already taken.")},
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        unique=True,
        validators=[validate_bin],
        error_messages={"unique": _("An organization with this BIN is already registered.")},
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    address = models.CharField(_("address"), max_length=500)
    academic_year_start_month = models.PositiveSmallIntegerField(
        _("academic year starts: month"),
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    academic_year_start_day = models.PositiveSmallIntegerField(
        _("academic year starts: day"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    require_two_factor = models.BooleanField(
        _("require two-factor authentication for staff"), default=False
    )
    # Deactivated by the authorized body: its data and submissions stay, its members cannot
    # log in to it (core.access.resolve_membership, core.forms.EmailAuthenticationForm).
    is_active = models.BooleanField(_("active"), default=True, editable=False)
    deactivated_at = models.DateTimeField(
        _("deactivated at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def name(self) -> str:
        """The full name in the current language: Kazakh for kk, English (where it is given)
        for en, Russian otherwise."""
        language = get_language()
        if language == "kk":
            return self.name_kk
        if language == "en" and self.name_en:
            return self.name_en
        return self.name_ru

    def get_absolute_url(self) -> str:
        return reverse("core:dashboard", kwargs={"org_slug": self.slug})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(
        _("e-mail"),
        unique=True,
        error_messages={"unique": _("A user with this e-mail already exists.")},
    )
    full_name = models.CharField(_("full name"), max_length=300)
    language = models.CharField(
        _("interface language"), max_length=5, choices=settings.LANGUAGES, default="ru"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("site administrator"), default=False)
    is_authority = models.BooleanField(
        _("authority (ministry) user"),
        default=False,
        help_text=_("Belongs to the authorized body, not to an organization."),
    )
    two_factor_exempt = models.BooleanField(
        _("exempt from two-factor authentication"),
        default=False,
        help_text=_("Only for demonstration accounts."),
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every session of the user at once (deactivation, second factor reset):
    # it is part of the session's authentication hash, whatever the session store.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def _session_hash(self, secret=None) -> str:
        # Django's hash of the password field, with the epoch once it has been raised (so
        # that sessions made before this field existed stay valid).
        value = self.password if not self.session_epoch else f"{self.password}:{self.session_epoch}"
        return salted_hmac(SESSION_HASH_SALT, value, secret=secret, algorithm="sha256").hexdigest()

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)


class Membership(models.Model):
    """A user's place in an organization: the role decides what they may do (core.access)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


class TenantManager(models.Manager):
    """Adds `for_org(org)`; the scoped subclass below makes unscoped reads fail closed."""

    def for_org(self, organization: Organization):
        return self.with_scope(organization=organization).all()


def tenant_manager():
    return ScopedManager(organization="organization", _manager_class=TenantManager)


class TenantModel(ChoiceLabels, models.Model):
    """Base of every organization-owned record: fails closed outside a scope (django-scopes)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = tenant_manager()

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One append-only line of the audit log (action codes `<app>.<entity>.<verb>`)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_repr = models.CharField(max_length=300, blank=True)
    action = models.CharField(
        max_length=100,
        validators=[RegexValidator(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")],
        db_index=True,
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class ImportUpload(TenantModel):
    """An uploaded import file, its check (preview) and its commit, both run by the task
    worker (core.imports). `status`, `progress` and `result` are what the page polls; while a
    job runs inside its transaction, the live progress is in the cache (core.imports).

    The authorized body's national list of organizations belongs to no organization
    (`organization` is None): such uploads are read with the scope disabled, explicitly.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    kind = models.CharField(max_length=60)  # "<app>.<entity>", e.g. "incoming.stays"
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    # The queued or running job commits (else it checks and saves nothing).
    commit_requested = models.BooleanField(default=False)
    progress = models.PositiveSmallIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    # {"created", "updated", "unchanged", "errors": [[row, column, message], ...] (the first
    # IMPORT_MAX_ERRORS_KEPT), "error_count", "file_error", "applied": {"at", "by"}}
    result = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, blank=True)  # the messages' language
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class Invitation(TenantModel):
    """A one-time invitation: to a role in an organization, or (no organization) to the
    authorized body. Accepting it sets the password of a new account or adds the membership
    to an existing one (core.invitations).

    The link's secret is derived from SECRET_KEY and `salt` (core.invitations.invitation_token),
    like Django's password-reset tokens, so neither the database nor the task queue holds a
    usable link; only its SHA-256 is stored, to find the invitation of a link. A pending
    invitation past `expires_at` is expired. Authority invitations have no organization, so the
    scoped manager never returns them: they are read with the scope disabled, explicitly.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        editable=False,
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    salt = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("valid until"))
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # When the daily job noted that the invitation expired (audited, inviter notified);
    # emptied when it is sent again.
    expiry_noted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "email"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True, role="")
                | Q(organization__isnull=False) & ~Q(role=""),
                name="invitation_role_only_in_an_organization",
            )
        ]

    def __str__(self) -> str:
        role = self.get_role_display() if self.role else _("authority (ministry) user")
        return f"{self.email} — {role}"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == InvitationStatus.PENDING and not self.is_expired

    @property
    def state(self) -> str:
        """pending, expired, accepted or revoked."""
        return "expired" if self.is_expired else self.status

    @property
    def state_label(self) -> str:
        return str(_("Expired")) if self.is_expired else self.get_status_display()


class Notification(models.Model):
    """An in-app notification of one user (reminders of deadlines, decisions on documents)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    due = models.DateField(null=True, blank=True)
    # Deduplication: one notification per user and key (e.g. "incoming.visa_expiry:42:7").
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ApiToken(models.Model):
    """A user's key for the API (one at a time). Only a SHA-256 hash of the key is stored, so
    the key is shown once, when it is issued, and a copy of the database opens nothing.

    `second_factor` records that the token was issued from a session that had passed the
    second factor: where two-factor authentication is required, only such a token is accepted
    (core.twofactor.token_passes_second_factor).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="api_token")
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=8)
    second_factor = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user})"

    @property
    def expires_at(self):
        """When the token stops working (None: never), from YNTYMAQ_API_TOKEN_DAYS."""
        days = settings.YNTYMAQ_API_TOKEN_DAYS
        return self.created_at + timedelta(days=days) if days else None

    def has_expired(self, now=None) -> bool:
        expires = self.expires_at
        return expires is not None and (now or timezone.now()) >= expires


class CalendarDay(models.Model):
    """A correction of the working-day calendar by the authority, on top of the `holidays`
    package: a government decree adds a day off, makes a day off a working day, or moves a day
    off (two rows under the same decree). National, not a tenant's record; applied to every
    deadline through core.workdays."""

    day = models.DateField(_("date"), unique=True)
    is_day_off = models.BooleanField(
        _("day off"), help_text=_("Unticked: the day is a working day (a day off moved away).")
    )
    decree = models.CharField(_("decree (number and date)"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.decree}"
