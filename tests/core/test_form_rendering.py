from django import forms
from django.template import Context, Template


class ChoiceForm(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "Alpha"), ("b", "Beta")], widget=forms.RadioSelect)
    agree = forms.BooleanField(required=True)
    name = forms.CharField()


def render(form) -> str:
    return Template("{{ form }}").render(Context({"form": form}))


def test_radio_options_are_a_choice_list_not_a_checkbox_box():
    html = render(ChoiceForm())

    assert '<div id="id_kind" class="choice-list">' in html
    assert 'class="form-check-input"' in html  # only the single checkbox
    assert html.count("form-check-input") == 1


def test_errors_are_next_to_their_field_and_input_is_kept():
    form = ChoiceForm({"kind": "a", "name": "Ли Вэй"})

    html = render(form)

    assert 'id="id_agree_error"' in html
    assert 'value="Ли Вэй"' in html
    assert 'aria-describedby="id_agree_error"' in html
