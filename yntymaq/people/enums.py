from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("passport")
    ID_CARD = "id_card", _("identity card")
    FOREIGN_PASSPORT = "foreign_passport", _("foreign passport")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")
    STATELESS = "stateless", _("stateless person's certificate")
    BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
    OTHER = "other", _("other document")
