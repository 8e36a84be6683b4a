"""core.forms.PlainSelect: a long select written without a template per option."""

from django import forms

from yntymaq.core.forms import PlainSelect


class Filter(forms.Form):
    organization = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect(attrs={"class": "form-select"}),
        choices=[("", "All"), (1, "A & B"), (2, '<b>"C"</b>')],
    )


def test_renders_every_option_escaped_with_the_chosen_one_selected():
    html = str(Filter({"organization": "2"})["organization"])

    assert html == (
        '<select class="form-select" id="id_organization" name="organization">'
        '<option value="">All</option>'
        '<option value="1">A &amp; B</option>'
        '<option value="2" selected>&lt;b&gt;&quot;C&quot;&lt;/b&gt;</option>'
        "</select>"
    )


def test_nothing_chosen_selects_the_empty_option():
    html = str(Filter()["organization"])

    assert '<option value="" selected>All</option>' in html
    assert "selected" not in html.replace('<option value="" selected>', "")
