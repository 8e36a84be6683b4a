"""core.panels: later apps add cards to an earlier app's page through a named slot."""

import pytest
from django.template import engines
from django.test import RequestFactory

from yntymaq.core import panels

PANEL_TEMPLATES = {
    "one.html": "<p>one {{ panel.word }} of {{ thing }} on {{ page }}</p>",
    "two.html": "<p>two {{ panel.word }}</p>",
}


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    monkeypatch.setattr(panels, "_PANELS", {})


@pytest.fixture
def panel_templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", PANEL_TEMPLATES)],
                "libraries": {"panels": "yntymaq.core.templatetags.panels"},
            },
        }
    ]


def first(request, obj):
    return {"template": "one.html", "order": 20, "word": "alpha"}


def second(request, obj):
    return {"template": "two.html", "order": 10, "word": "<b>beta</b>"}


def hidden(request, obj):
    return None


def render(slot: str, **context) -> str:
    page = engines["django"].from_string('{% load panels %}{% panels "' + slot + '" thing %}')
    return page.render(context, request=RequestFactory().get("/"))


def test_panels_for_lists_a_slots_panels_by_order_without_the_empty_ones():
    panels.register("incoming.stay_detail", first)
    panels.register("incoming.stay_detail", hidden)
    panels.register("incoming.stay_detail", second)
    panels.register("outbound.trip_detail", hidden)

    found = panels.panels_for("incoming.stay_detail", None, object())

    assert [p["word"] for p in found] == ["<b>beta</b>", "alpha"]
    assert panels.panels_for("outbound.trip_detail", None, object()) == []
    assert panels.panels_for("nobody.registered", None, object()) == []


def test_register_twice_adds_the_panel_once():
    panels.register("incoming.stay_detail", first)
    panels.register("incoming.stay_detail", first)

    assert len(panels.panels_for("incoming.stay_detail", None, object())) == 1


def test_panel_gets_the_request_and_the_pages_object():
    seen = []
    panels.register("incoming.stay_detail", lambda request, obj: seen.append((request, obj)))
    request, stay = object(), object()

    panels.panels_for("incoming.stay_detail", request, stay)

    assert seen == [(request, stay)]


def test_tag_renders_each_panel_with_the_page_context_escaped(panel_templates):
    panels.register("slot", first)
    panels.register("slot", second)

    html = render("slot", thing="the stay", page="the page")

    assert html == "<p>two &lt;b&gt;beta&lt;/b&gt;</p><p>one alpha of the stay on the page</p>"


def test_tag_renders_nothing_for_a_slot_without_panels(panel_templates):
    panels.register("slot", hidden)

    assert render("slot", thing="x") == ""
