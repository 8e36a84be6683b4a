"""Django's password validators with their messages in our catalogues.

Django's own Kazakh catalogue leaves these messages untranslated, so a new member choosing a
password (invitation acceptance, password change and reset) would read English. The checks
are Django's; only the texts are ours (settings.AUTH_PASSWORD_VALIDATORS names these).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "The password is too short: it needs at least %(min_length)d character.",
            "The password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def __init__(self, user_attributes=("email", "full_name"), max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self):
        return _("The password is too similar to your %(verbose_name)s.")

    def get_help_text(self):
        return _("Not similar to your name or e-mail.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("This password is too common: choose a less predictable one.")

    def get_help_text(self):
        return _("Not a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("The password cannot consist of digits only.")

    def get_help_text(self):
        return _("Not digits only.")
