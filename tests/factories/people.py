import datetime as dt

import factory

from yntymaq.core.validators import kz_check_digit
from yntymaq.people.enums import DocumentKind
from yntymaq.people.models import IdentityDocument, Person

from .core import OrganizationFactory

# The smallest content that core.validators.validate_upload recognises as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_iin(birth: dt.date, sex: str, serial: int = 1) -> str:
    """A valid IIN for a birth date and sex ('M'/'F'); serial picks among valid numbers.

    Each serial (modulo 1000) owns ten serial numbers of the IIN and takes the first of them
    with a valid check digit, so different serials never give the same IIN.
    """
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100] + (1 if sex == "F" else 0)
    for offset in range(10):
        head = f"{birth:%y%m%d}{century}{(serial % 1000) * 10 + offset:04d}"
        control = kz_check_digit(head)
        if control is not None:
            return head + str(control)
    raise ValueError(f"no valid IIN for serial {serial}")  # pragma: no cover - (1/11)**10


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    last_name = factory.Sequence(lambda n: f"Фамилия{n}")
    first_name = factory.Sequence(lambda n: f"Имя{n}")
    last_name_latin = factory.Sequence(lambda n: f"FAMILIYA{n}")
    first_name_latin = factory.Sequence(lambda n: f"IMYA{n}")
    birth_date = dt.date(1990, 5, 17)
    sex = "M"
    citizenship = "KZ"
    iin = factory.LazyAttributeSequence(lambda o, n: make_iin(o.birth_date, o.sex, n))


class ForeignerFactory(PersonFactory):
    citizenship = "CN"
    iin = ""


class IdentityDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityDocument

    organization = factory.SelfAttribute("person.organization")
    person = factory.SubFactory(PersonFactory)
    kind = DocumentKind.PASSPORT
    number = factory.Sequence(lambda n: f"N{n:08d}")
    issued_on = dt.date(2020, 1, 10)
    issued_by = "МВД РК"
    expires_on = dt.date(2030, 1, 9)
    copy = factory.django.FileField(data=PDF_BYTES, filename="copy.pdf")


FACTORY_FOR_MODEL = {Person: PersonFactory, IdentityDocument: IdentityDocumentFactory}
