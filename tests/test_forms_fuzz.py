"""Random and boundary values posted to every step of the foreigner's questionnaire and to the
main staff forms: never a 5xx, and what was typed comes back in the form when it is shown again.

The fields are read from the page itself (every input, select and textarea of its form), so a
field added later is posted too. Hypothesis is derandomized: the same values every run.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.incoming import StayFactory
from tests.factories.partners import PartnerFactory
from tests.factories.people import ForeignerFactory
from yntymaq.incoming import services
from yntymaq.incoming.views.questionnaire_steps import STEP_NAMES

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BOUNDARY_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1e400",
    "9" * 30,
    "ә ғ қ ң ө ұ ү һ і",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "x" * 20001,
    "\u202e\u0000",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2099-01-01",
    "1900-01-01",
    "31.12.2026",
]
# Characters a browser can send in a form field (no NUL or lone surrogates).
TYPED = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=400,
)
VALUE = st.one_of(st.sampled_from(BOUNDARY_TEXT), TYPED, st.integers().map(str))


class _FormFields(HTMLParser):
    """The fields of the page's forms: {name: kind}, and the options of each select."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.hidden: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = a.get("value") or ""
            elif kind not in ("submit", "button", "file", "password", "image", "reset"):
                self.fields[name] = kind
        elif tag == "textarea" and name:
            self.fields[name] = "textarea"
        elif tag == "select" and name:
            self.fields[name] = "select"
            self.options[name] = []
            self._select = name
        elif tag == "option" and self._select:
            self.options[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def page_fields(client, url) -> _FormFields:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser


@st.composite
def form_data(draw, fields: _FormFields):
    data = dict(fields.hidden)
    for name, kind in sorted(fields.fields.items()):
        if kind == "select":
            options = fields.options.get(name) or [""]
            data[name] = draw(st.one_of(st.sampled_from(options), VALUE))
        elif kind == "checkbox":
            if draw(st.booleans()):
                data[name] = "on"
        elif kind == "radio":
            data[name] = draw(VALUE)
        else:
            data[name] = draw(VALUE)
    return data


def assert_no_5xx_and_typed_kept(client, url, data, fields: _FormFields):
    response = client.post(url, data)

    assert response.status_code < 500, (url, data)
    if response.status_code != 200:
        return
    text = response.content.decode()
    typed = {n for n, kind in fields.fields.items() if kind not in ("select", "checkbox", "radio")}
    for name in typed:
        value = data.get(name, "")
        if value.strip() and f'name="{name}"' in text:
            # the text the page shows again is the one typed, escaped (never lost, never raw)
            assert html.escape(value) in text, (name, value)


# --- the foreigner's questionnaire ----------------------------------------------------------


@pytest.fixture
def token(org, service_staff):
    stay = StayFactory(
        organization=org,
        person=ForeignerFactory(organization=org, last_name="Ли", first_name="Вэй"),
    )
    questionnaire = services.questionnaire_start(stay=stay, actor=service_staff)
    return services.questionnaire_link_issue(questionnaire=questionnaire, actor=service_staff)[1]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.YNTYMAQ_QUESTIONNAIRE_RATE_PER_MINUTE = 100_000
    cache.clear()


@pytest.mark.parametrize("step", STEP_NAMES)
def test_public_questionnaire_step_never_answers_5xx_and_keeps_what_was_typed(token, step):
    client = Client()
    url = reverse("incoming:questionnaire-public-step", kwargs={"token": token, "step": step})
    fields = page_fields(client, url)

    @FUZZ
    @given(data=form_data(fields))
    def post(data):
        data = {**data, "stay": ""}  # "Save": the step is shown again
        assert_no_5xx_and_typed_kept(client, url, data, fields)

    post()


# --- the main staff forms -------------------------------------------------------------------


STAFF_FORMS = [
    "people:person-create",
    "people:person-update",
    "incoming:stay-create",
    "incoming:stay-update",
    *[f"incoming:questionnaire-edit?step={step}" for step in STEP_NAMES],
    "outbound:trip-create",
    "partners:partner-create",
    "partners:partner-update",
    "partners:agreement-create",
]


def _staff_form_url(org, name: str) -> str:
    stay = StayFactory(organization=org)
    services.questionnaire_start(stay=stay, actor=None)
    partner = PartnerFactory(organization=org)
    name, _sep, query = name.partition("?")
    kwargs = {"org_slug": org.slug}
    if name.endswith("-update"):
        kwargs["pk"] = {
            "people:person-update": stay.person.pk,
            "incoming:stay-update": stay.pk,
            "partners:partner-update": partner.pk,
        }[name]
    if name == "incoming:questionnaire-edit":
        kwargs["stay_pk"] = stay.pk
    return reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")


@pytest.mark.parametrize("name", STAFF_FORMS)
def test_staff_form_never_answers_5xx_and_keeps_what_was_typed(org, service_head, name):
    client = Client()
    client.force_login(service_head)
    url = _staff_form_url(org, name)
    fields = page_fields(client, url)

    @FUZZ
    @given(data=form_data(fields))
    def post(data):
        assert_no_5xx_and_typed_kept(client, url, data, fields)

    post()


def test_form_fields_are_read_from_the_page():
    parser = _FormFields()

    parser.feed(
        '<form><input name="a"><input type="hidden" name="h" value="1">'
        '<select name="s"><option value="">—</option><option value="x">X</option></select>'
        '<textarea name="t"></textarea><input type="submit" name="go"></form>'
    )

    assert parser.fields == {"a": "text", "s": "select", "t": "textarea"}
    assert parser.options == {"s": ["", "x"]}
    assert parser.hidden == {"h": "1"}
