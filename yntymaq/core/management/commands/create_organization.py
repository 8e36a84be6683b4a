from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django_scopes import scopes_disabled

from yntymaq.core.enums import InvitationStatus, OrganizationKind, Region, Role
from yntymaq.core.invitations import InvitationError, invitation_resend
from yntymaq.core.models import Invitation, Organization
from yntymaq.core.organizations import OrganizationExists, organization_register

from ._invitations import report_invitation


class Command(BaseCommand):
    help = (
        "Register an education organization and invite its head of the Service (or "
        "responsible person) by e-mail: checks the BIN (check digit and registration month), "
        "refuses a BIN registered already under other data, and prints the head's one-time "
        "invitation link (e-mailed too when mail is configured). The short name, the address "
        "name in page addresses and the address get defaults, edited later in Settings. "
        "Running it again with the same BIN and data changes nothing (--resend renews the "
        "head's waiting or expired invitation)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bin", required=True, help="The 12-digit BIN.")
        parser.add_argument("--name-ru", required=True, help="Full name in Russian.")
        parser.add_argument("--name-kk", required=True, help="Full name in Kazakh.")
        parser.add_argument("--name-en", default="", help="Full name in English (optional).")
        parser.add_argument("--kind", required=True, choices=OrganizationKind.values)
        parser.add_argument("--region", required=True, choices=Region.values)
        parser.add_argument(
            "--head", required=True, metavar="EMAIL", help="The head of the Service's e-mail."
        )
        parser.add_argument(
            "--resend",
            action="store_true",
            help="If the organization exists: send its head's invitation again, new link.",
        )

    def handle(self, *args, **options):
        data = {
            "bin": options["bin"],
            "name_ru": options["name_ru"],
            "name_kk": options["name_kk"],
            "name_en": options["name_en"],
            "kind": options["kind"],
            "region": options["region"],
        }
        with translation.override("en"), scopes_disabled(), transaction.atomic():
            try:
                organization, invitation = organization_register(
                    data=data, head_email=options["head"], actor=None
                )
            except OrganizationExists as exists:
                self.existing(exists, resend=options["resend"])
                return
            except ValidationError as error:
                problems = " ".join(
                    f"{self.label(field)}: {message}"
                    for field, messages in error.message_dict.items()
                    for message in messages
                )
                raise CommandError(f"The organization is not registered: {problems}") from error
            except InvitationError as error:
                raise CommandError(str(error.message)) from error
            self.stdout.write(
                f"create_organization: {organization.name_ru} (BIN {organization.bin}) is "
                f"registered at /o/{organization.slug}/; its head of the Service is invited."
            )
            report_invitation(self, invitation)

    def existing(self, exists: OrganizationExists, *, resend: bool) -> None:
        organization = exists.existing
        if exists.differences:
            raise CommandError(
                f"{exists.message} It differs in: {', '.join(exists.differences)}. "
                "Nothing changed; edit the organization in its Settings."
            )
        self.stdout.write(
            f"create_organization: {organization.name_ru} (BIN {organization.bin}) is "
            f"registered already at /o/{organization.slug}/; nothing changed."
        )
        invitation = (
            Invitation.objects.filter(
                organization=organization,
                role=Role.SERVICE_HEAD,
                status=InvitationStatus.PENDING,
            )
            .order_by("-created_at")
            .first()
        )
        if invitation is None:
            return
        if resend:
            invitation = invitation_resend(invitation=invitation, actor=None)
            report_invitation(self, invitation)
        elif invitation.is_expired:
            self.stdout.write(
                f"The invitation for {invitation.email} has expired: run again with --resend."
            )
        else:
            report_invitation(self, invitation)

    @staticmethod
    def label(field: str) -> str:
        if field == "head_email":
            return "--head"
        if field in ("bin", "name_ru", "name_kk", "name_en", "kind", "region"):
            return "--" + field.replace("_", "-")
        return str(Organization._meta.get_field(field).verbose_name)
