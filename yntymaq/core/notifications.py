"""Reminders: the daily job turns what needs attention into notifications and e-mail digests.

Called by `manage.py send_reminders` (a scheduler runs it daily) or the `send_reminders` task.
Each (user, item, reminder) is notified once: reminding twice on the same day changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import attention
from .enums import Role
from .models import Membership, Notification, Organization, User

DEFAULT_RECIPIENT_ROLES = (Role.SERVICE_HEAD, Role.SERVICE_STAFF)


def _notify(organization, item, bucket: str, user_ids, created: list) -> None:
    key = f"{item.key}:{bucket}"[:200]
    for user_id in user_ids:
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        user_id=user_id,
                        organization=organization,
                        kind=item.kind,
                        title=str(item.title)[:500],
                        url=item.url,
                        due=item.due,
                        key=key,
                    )
                )
        except IntegrityError:
            continue  # already reminded for this bucket


@transaction.atomic
def notifications_create_due(*, today: date) -> list[Notification]:
    """Create the notifications due today for every organization; return the new ones.

    Items go to their responsible users, or to the Service's head and staff; each title is
    written in the recipient's interface language.
    """
    created: list[Notification] = []
    for organization in Organization.objects.all():
        members = Membership.objects.filter(
            organization=organization, is_active=True, user__is_active=True
        ).values_list("user_id", "user__language", "role")
        language_of = {user_id: language for user_id, language, _role in members}
        defaults = {uid for uid, _lang, role in members if role in DEFAULT_RECIPIENT_ROLES}
        for language in sorted(set(language_of.values())):
            with translation.override(language):
                found = attention.items(organization, today)
            for item in found:
                bucket = item.reminder_bucket(today)
                if bucket is None:
                    continue
                wanted = set(item.responsible_user_ids) or defaults
                recipients = [uid for uid in wanted if language_of.get(uid) == language]
                _notify(organization, item, bucket, recipients, created)
    return created


def notifications_email_digests() -> int:
    """E-mail each user one digest of their notifications not yet e-mailed; return the count."""
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .select_related("user", "organization")
        .order_by("user_id", "due")
    )
    by_user: dict[User, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user].append(notification)
    sent = 0
    for user, notifications in by_user.items():
        if not user.is_active or not user.email:
            continue
        with translation.override(user.language):
            subject = _("Yntymaq: %(count)s deadline(s) need your attention") % {
                "count": len(notifications)
            }
            body = render_to_string(
                "core/email/reminder_digest.txt",
                {"user": user, "notifications": notifications, "site": settings.YNTYMAQ_SITE_URL},
            )
        send_mail(subject, body, None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
        sent += 1
    return sent


# Daily upkeep the apps register (e.g. agreements entering into force): run before reminders,
# so that reminders see today's state. Each is `fn(*, today) -> object`.
DAILY_HOOKS: list = []


def register_daily(hook) -> None:
    if hook not in DAILY_HOOKS:
        DAILY_HOOKS.append(hook)


def reminders_send(*, today: date) -> tuple[int, int]:
    for hook in DAILY_HOOKS:
        hook(today=today)
    created = notifications_create_due(today=today)
    return len(created), notifications_email_digests()


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of the user as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
