"""Model fields shared by the apps."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models

# A note, a comment, an answer of the questionnaire: about two printed pages.
TEXT_MAX_LENGTH = 4000
# A narrative section of a report or a plan: about ten printed pages.
LONG_TEXT_MAX_LENGTH = 20000


class BoundedTextField(models.TextField):
    """Free text with a length limit everywhere: the model refuses a longer value
    (full_clean, hence every service), a ModelForm gets `max_length` (and the textarea its
    `maxlength`), and a DRF ModelSerializer takes the same `max_length`. Like CharField, the
    limit is a validator, since a TextField has none of its own."""

    def __init__(self, *args, max_length: int = TEXT_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(self.max_length))


class LongTextField(BoundedTextField):
    """A narrative section of a report or a plan (LONG_TEXT_MAX_LENGTH characters)."""

    def __init__(self, *args, max_length: int = LONG_TEXT_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
