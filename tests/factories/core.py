import datetime as dt
import random
import secrets
from datetime import timedelta

import factory
from django.utils import timezone

from yntymaq.core.authentication import hash_key
from yntymaq.core.enums import OrganizationKind, Region, Role
from yntymaq.core.invitations import invitation_token, token_hash
from yntymaq.core.models import (
    ApiToken,
    CalendarDay,
    ImportUpload,
    Invitation,
    Membership,
    Organization,
    User,
)
from yntymaq.core.validators import kz_check_digit


def make_bin(seed: int) -> str:
    """A valid BIN: registration year/month, legal-entity digit 4, serial, check digit."""
    rng = random.Random(seed)
    while True:
        year, month = rng.randint(0, 99), rng.randint(1, 12)
        head = f"{year:02d}{month:02d}4{rng.randint(0, 9)}{rng.randint(0, 99999):05d}"
        control = kz_check_digit(head)
        if control is not None:
            return head + str(control)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name_ru = factory.Sequence(lambda n: f"Университет номер {n}")
    name_kk = factory.Sequence(lambda n: f"{n} нөмірлі университет")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.UNIVERSITY
    bin = factory.Sequence(make_bin)
    region = Region.ASTANA
    address = "Астана, проспект Мангилик Ел, 1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kz")
    full_name = factory.Sequence(lambda n: f"Пользователь {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.SERVICE_STAFF


class ImportUploadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportUpload

    organization = factory.SubFactory(OrganizationFactory)
    kind = "people.persons"
    file = factory.django.FileField(filename="import-upload.xlsx", data=b"PK")
    original_name = factory.Sequence(lambda n: f"import-upload-{n}.xlsx")
    sha256 = "0" * 64
    created_by = factory.SubFactory(UserFactory)


def api_token_key(user: User, *, second_factor: bool = False) -> str:
    """An API token of the user (as if issued on the account page, without an audit entry);
    returns the key for `Authorization: Token <key>`."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.filter(user=user).delete()
    ApiToken.objects.create(
        user=user, key_hash=hash_key(key), key_prefix=key[:6], second_factor=second_factor
    )
    return key


class InvitationFactory(factory.django.DjangoModelFactory):
    """A waiting invitation to the organization; `invitation_link()` gives its link."""

    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.kz")
    role = Role.SERVICE_STAFF
    salt = factory.Sequence(lambda n: f"{n:064x}")
    token_hash = factory.LazyAttribute(lambda o: token_hash(invitation_token(o)))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class CalendarDayFactory(factory.django.DjangoModelFactory):
    """A day off added by a decree (the authority's calendar; core.workdays)."""

    class Meta:
        model = CalendarDay

    day = factory.Sequence(lambda n: dt.date(2031, 1, 1) + dt.timedelta(days=n))
    is_day_off = True
    decree = "Постановление № 1"


FACTORY_FOR_MODEL = {
    CalendarDay: CalendarDayFactory,
    ImportUpload: ImportUploadFactory,
    Membership: MembershipFactory,
    Invitation: InvitationFactory,
}
