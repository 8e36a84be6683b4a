from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_scopes import scopes_disabled

from yntymaq.core.notifications import reminders_send


class Command(BaseCommand):
    help = (
        "Daily job: run the apps' daily upkeep (agreements entering into force or expiring), "
        "then turn every organization's deadlines into in-app notifications for the people "
        "responsible (30, 7 and 1 days before, and once when overdue) and e-mail each of them "
        "one digest. Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD") from error
        with scopes_disabled():
            created, mailed = reminders_send(today=today or timezone.localdate())
        self.stdout.write(f"send_reminders: {created} notifications, {mailed} e-mail digests")
