"""What the first-start commands print about an invitation (shared by both commands)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from yntymaq.core.invitations import invitation_link, invitation_resend, mail_configured
from yntymaq.core.models import Invitation


def report_invitation(command, invitation: Invitation) -> None:
    """Print the link of a waiting invitation (renewed if SECRET_KEY changed since) and how
    the e-mail goes."""
    link = invitation_link(invitation)
    if link is None:
        invitation = invitation_resend(invitation=invitation, actor=None)
        link = invitation_link(invitation)
    until = date_format(timezone.localtime(invitation.expires_at), "Y-m-d H:i")
    command.stdout.write(f"Invitation for {invitation.email}, valid until {until}:")
    command.stdout.write(f"  {link}")
    if not mail_configured():
        command.stdout.write(
            f"Mail is not configured (EMAIL_BACKEND): give the link to {invitation.email} yourself."
        )
    elif invitation.sent_at is not None:
        sent = date_format(timezone.localtime(invitation.sent_at), "Y-m-d H:i")
        command.stdout.write(f"The invitation e-mail was sent at {sent}.")
    else:
        command.stdout.write(
            "The invitation e-mail is queued: the task worker (manage.py worker) sends it."
        )
