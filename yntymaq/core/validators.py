"""Kazakh identifiers (IIN, BIN) and uploaded-file checks."""

from __future__ import annotations

import zipfile
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def kz_check_digit(first_eleven: str) -> int | None:
    """Control digit of a 12-digit IIN/BIN; None when no valid digit exists (10 twice)."""
    digits = [int(c) for c in first_eleven]
    control = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if control == 10:
        control = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
        if control == 10:
            return None
    return control


def has_valid_checksum(number: str) -> bool:
    if len(number) != 12 or not number.isdigit():
        return False
    control = kz_check_digit(number[:11])
    return control is not None and control == int(number[11])


def validate_bin(value: str) -> None:
    """BIN: 12 digits; the 3rd and 4th the month of state registration (01–12), after the year;
    the 5th (kind of legal entity) 4, 5 or 6; a valid check digit. The one check of a BIN."""
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("A BIN consists of exactly 12 digits."), code="bin_format")
    if not 1 <= int(value[2:4]) <= 12:
        raise ValidationError(
            _(
                "The third and fourth digits of a BIN are the month of registration, "
                "01 to 12; please check the number."
            ),
            code="bin_month",
        )
    if value[4] not in "456":
        raise ValidationError(
            _("The fifth digit of a BIN is 4, 5 or 6 (the kind of legal entity)."),
            code="bin_kind",
        )
    if not has_valid_checksum(value):
        raise ValidationError(
            _("The BIN check digit is wrong; please check the number."), code="bin_checksum"
        )


def iin_birth_date_and_sex(value: str) -> tuple[date, str] | None:
    """Birth date and sex ('M' or 'F') encoded in an IIN, None if the digits cannot encode them."""
    century_sex = value[6]
    if century_sex not in "123456":
        return None
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}[century_sex]
    try:
        born = date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return None
    return born, ("M" if int(century_sex) % 2 == 1 else "F")


def validate_iin(value: str) -> None:
    """IIN: 12 digits, a real birth date and century/sex digit, valid check digit."""
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("An IIN consists of exactly 12 digits."), code="iin_format")
    if iin_birth_date_and_sex(value) is None:
        raise ValidationError(
            _("The first seven digits of an IIN must encode a real birth date and sex."),
            code="iin_date",
        )
    if not has_valid_checksum(value):
        raise ValidationError(
            _("The IIN check digit is wrong; please check the number."), code="iin_checksum"
        )


# Accepted upload kinds, recognised by content (magic bytes), never by the file name.
UPLOAD_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def sniff_kind(head: bytes, fileobj) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            fileobj.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def validate_upload(upload, allowed: tuple[str, ...] = ("pdf", "docx", "jpeg", "png")) -> str:
    """Check an uploaded file's size and content; return its kind ('pdf', 'docx', …)."""
    limit = settings.YNTYMAQ_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
            code="upload_size",
        )
    upload.seek(0)
    head = upload.read(8)
    kind = sniff_kind(head, upload)
    upload.seek(0)
    if kind not in allowed:
        names = ", ".join(k.upper() for k in allowed)
        raise ValidationError(
            _("The file is not a %(kinds)s document (checked by its content).") % {"kinds": names},
            code="upload_kind",
        )
    return kind


def between(low, high) -> list:
    """Validators of a number's business bounds, for a model field's `validators`: forms and
    the API's serializers take them from the model, so a value like 10**12 is refused with a
    message on every database (SQLite would store it)."""
    return [MinValueValidator(low), MaxValueValidator(high)]
