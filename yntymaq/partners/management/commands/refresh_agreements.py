"""`manage.py refresh_agreements`: the daily job of agreements (run it from the scheduler)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from yntymaq.partners.services import agreement_statuses_refresh


class Command(BaseCommand):
    help = (
        "Moves signed agreements into force when their validity begins, prolongs those with "
        "an automatic prolongation clause when their end passes, and marks the others expired."
    )

    def handle(self, *args, **options):
        counts = agreement_statuses_refresh(today=timezone.localdate())
        self.stdout.write(
            "agreements: {entered_into_force} entered into force, {prolonged} prolonged, "
            "{expired} expired".format(**counts)
        )
