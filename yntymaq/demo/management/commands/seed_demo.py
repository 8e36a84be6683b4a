from django.core.management.base import BaseCommand

from yntymaq.demo.seed import PASSWORD, logins, seed_all


class Command(BaseCommand):
    help = (
        "Create (or complete) the demonstration data: a university with a Service, a college "
        "with a responsible person, one user per role and an authority user. Idempotent."
    )

    def handle(self, *args, **options):
        seed_all()
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {PASSWORD})")
        for email, where, role in logins():
            self.stdout.write(f"  {email:34} {where:14} {role}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in with one of them.")
