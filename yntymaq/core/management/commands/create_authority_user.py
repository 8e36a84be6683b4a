from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from yntymaq.core.enums import InvitationStatus
from yntymaq.core.invitations import InvitationError, invitation_create, normalize_email
from yntymaq.core.models import Invitation, User

from ._invitations import report_invitation


class Command(BaseCommand):
    help = (
        "Invite a user of the authorized body (the ministry) by e-mail: prints a one-time "
        "invitation link, valid 7 days, and e-mails it when mail is configured. Whoever opens "
        "it sets their name and password, then sets up two-factor authentication. Running it "
        "again prints the waiting invitation's link and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The ministry user's e-mail address.")

    def handle(self, *args, **options):
        email = normalize_email(options["email"])
        with translation.override("en"), scopes_disabled(), transaction.atomic():
            if User.objects.filter(email__iexact=email, is_authority=True).exists():
                self.stdout.write(
                    f"create_authority_user: {email} is already a user of the authorized body; "
                    "nothing changed."
                )
                return
            waiting = (
                Invitation.objects.filter(
                    organization=None,
                    email=email,
                    status=InvitationStatus.PENDING,
                    expires_at__gt=timezone.now(),
                )
                .order_by("-created_at")
                .first()
            )
            if waiting is not None:
                self.stdout.write(
                    f"create_authority_user: {email} is invited already; nothing changed."
                )
                report_invitation(self, waiting)
                return
            try:
                invitation = invitation_create(organization=None, email=email, role="", actor=None)
            except InvitationError as error:
                raise CommandError(str(error.message)) from error
            self.stdout.write(f"create_authority_user: {email} is invited.")
            report_invitation(self, invitation)
