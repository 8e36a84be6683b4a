"""Every free-text value has a length limit in the model, in the forms and in the API, so a
24,000-character answer is refused with a message instead of filling pages and audit rows."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import override_settings
from rest_framework import serializers

import yntymaq
from yntymaq.core.fields import TEXT_MAX_LENGTH, BoundedTextField
from yntymaq.incoming.models import Questionnaire

# Written by the system only, never typed by a user (search keys, job errors).
SYSTEM_TEXT = {
    ("reporting", "reportgeneration", "error"),
    ("ops", "scheduledrun", "error"),
}


def _modules(suffixes: tuple[str, ...]):
    for info in pkgutil.walk_packages(yntymaq.__path__, "yntymaq."):
        last = info.name.rsplit(".", 1)[-1]
        if last.startswith(suffixes) and ".migrations" not in info.name:
            yield importlib.import_module(info.name)


def test_every_text_field_of_a_model_has_a_limit_and_its_validator():
    unlimited = []
    for model in apps.get_models():
        if not model.__module__.startswith("yntymaq."):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.TextField):
                continue
            key = (model._meta.app_label, model._meta.model_name, field.name)
            if key in SYSTEM_TEXT or field.name == "search_text":
                continue
            limited = field.max_length and any(
                isinstance(v, MaxLengthValidator) for v in field.validators
            )
            if not limited:
                unlimited.append(".".join(key))

    assert unlimited == [], "\n".join(unlimited)


def test_every_free_text_field_of_a_form_has_a_limit():
    unlimited = []
    for module in _modules(("forms", "views")):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            if issubclass(cls, forms.BaseModelForm):
                continue  # model forms take the model's limit (checked above)
            for field_name, field in cls.base_fields.items():
                free_text = isinstance(field.widget, forms.Textarea)
                if type(field) is forms.CharField and free_text and field.max_length is None:
                    unlimited.append(f"{module.__name__}.{name}.{field_name}")

    assert unlimited == [], "\n".join(unlimited)


def test_every_free_text_input_of_the_api_has_a_limit():
    unlimited = []
    for module in _modules(("api",)):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, serializers.Serializer) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls._declared_fields.items():
                free_text = not field.read_only and getattr(field, "allow_blank", False)
                if type(field) is serializers.CharField and free_text and field.max_length is None:
                    unlimited.append(f"{module.__name__}.{name}.{field_name}")

    assert unlimited == [], "\n".join(unlimited)


@override_settings(LANGUAGE_CODE="en")
def test_bounded_text_field_refuses_a_longer_value():
    field = BoundedTextField(max_length=5)

    with pytest.raises(ValidationError) as error:
        field.clean("123456", None)

    assert error.value.messages == ["Ensure this value has at most 5 characters (it has 6)."]


def test_questionnaire_other_information_is_limited_in_its_model_form_and_textarea():
    field = Questionnaire._meta.get_field("other_information")

    formfield = field.formfield()

    assert field.max_length == TEXT_MAX_LENGTH
    assert formfield.max_length == TEXT_MAX_LENGTH
    assert formfield.widget.attrs["maxlength"] == str(TEXT_MAX_LENGTH)
