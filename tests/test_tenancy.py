"""THE tenancy test (issue 2, item 4): every URL pattern and API route, found by itself.

The patterns are discovered from `django.urls.get_resolver()` when this module is collected,
so every URL a later issue adds is checked without editing this file:

(a) an anonymous client is sent to the login page (pages) or gets 401 (`api/…`), except the
    short, deliberate allowlist PUBLIC_URL_NAMES;
(b) for every pattern with object kwargs (`pk`, `<field>_pk`) an object of the view's `model`
    is created in organization A (tests/factories/<app>.py `FACTORY_FOR_MODEL`) and a service
    head of organization B requests it under B's slug and under A's slug, with GET and every
    other method the view accepts: always 404;
(c) for every other pattern, B's service head sees nothing of organization A (no `str()` of
    any of A's records, of A itself or of A's people) on the page, in the API answer, in a
    file, or, on list-like routes, in a search (`?search=…&q=…`) for each of A's records.

It FAILS when a pattern has a kwarg it cannot fill, when a view with object kwargs has no
`model`, when a model has no factory, or when a tenant model has no factory at all: that is
how a URL with an object id left unchecked is caught. A new kwarg that is not an object id
goes into EXTRA_KWARG_VALUES, deliberately.
"""

from __future__ import annotations

import contextlib
import html
import importlib
import io
import json
import pkgutil
import zipfile
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode, urlsplit

import factory
import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.views.generic.list import MultipleObjectMixin

import tests.factories
from tests.conftest import shared_data
from tests.factories.core import MembershipFactory, OrganizationFactory, UserFactory
from yntymaq.core import audit
from yntymaq.core.enums import Role
from yntymaq.core.models import Organization, TenantModel, User

# URL names anyone may open without logging in. Adding a name here is a deliberate decision.
PUBLIC_URL_NAMES = {
    "core:login",
    "core:logout",  # POST only; logging out when not logged in changes nothing
    "core:password-reset",
    "core:password-reset-done",
    "core:password-reset-confirm",  # guarded by the signed token in the URL
    "core:password-reset-complete",
    "set_language",  # django.conf.urls.i18n: stores the chosen language only
    # The invitation link (issue 11): guarded by an unguessable token (only its hash is
    # stored), one use, 7 days, bound to its e-mail; it shows that one invitation only.
    "core:invitation-accept",
    # The foreigner's questionnaire link: guarded by an unguessable token (only its hash is
    # stored), expiring, revocable, rate-limited; it shows that one questionnaire only.
    "incoming:questionnaire-public",
    "incoming:questionnaire-public-step",
    "incoming:questionnaire-public-photo",
    # Health checks for monitoring and load balancers: a fixed JSON of ok/fail per check
    # (database, migrations, cache, worker and scheduler heartbeats), no data of anyone.
    "ops:healthz",
    "ops:readyz",
}

# Patterns that carry no organization data: checked anonymously in (a) only.
NO_DATA_URL_NAMES = {
    "api-schema",  # the OpenAPI description of the API, the same for everybody
    "api-docs",  # the Swagger UI page that reads it
}

# Values for kwargs that are neither `org_slug` nor object ids (`pk`, `<field>_pk`).
EXTRA_KWARG_VALUES = {
    "format": "json",  # DRF's format-suffix routes (`…/people.json`)
}

# Models whose factory str() is too generic (a number, a bare label) to search a page for,
# as "app_label.ModelName": these objects are still created, only their text is not searched.
GENERIC_STR_EXEMPT: set[str] = set()

UNSAFE_METHODS = ("post", "put", "patch", "delete")
METHOD_ORDER = ("get", *UNSAFE_METHODS)


# ---------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # the full route as written, for messages
    name: str | None  # namespaced URL name, used to reverse it
    kwargs: tuple[str, ...]
    callback: object

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def in_org(self) -> bool:
        return "org_slug" in self.kwargs

    @property
    def object_kwargs(self) -> tuple[str, ...]:
        return tuple(k for k in self.kwargs if k == "pk" or k.endswith("_pk"))

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def is_function_view(self) -> bool:
        return self.view_class is None

    def methods(self) -> list[str]:
        """The HTTP methods the view answers (for a function view: all of them, 405 allowed)."""
        actions = getattr(self.callback, "actions", None)
        cls = self.view_class
        if actions:  # DRF viewset: {"get": "retrieve", "put": "update", ...}
            allowed = getattr(cls, "http_method_names", METHOD_ORDER)
            return [m for m in METHOD_ORDER if m in actions and m in allowed]
        if cls is None:
            return list(METHOD_ORDER)
        return [m for m in METHOD_ORDER if m in cls.http_method_names and hasattr(cls, m)]

    def model(self):
        cls = self.view_class
        model = getattr(cls, "model", None)
        queryset = getattr(cls, "queryset", None)  # a property on OrgViewSetMixin classes
        if model is None and isinstance(queryset, QuerySet):
            model = queryset.model
        return model

    def __str__(self) -> str:
        return f"{self.name} /{self.route}"


def _route_text(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$").replace("\\.", ".")
    return text


def _kwarg_names(pattern) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    return ()


def _walk(patterns, prefix="", kwargs=(), namespace=None):
    for entry in patterns:
        route = prefix + _route_text(entry.pattern)
        names = kwargs + tuple(n for n in _kwarg_names(entry.pattern) if n not in kwargs)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, route, names, inner)
        else:
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(route=route, name=name, kwargs=names, callback=entry.callback)


def discover_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


ROUTES = discover_routes()


def _ids(routes):
    seen: dict[str, int] = {}
    ids = []
    for route in routes:
        base = route.name or route.route
        if "format" in route.kwargs:
            base += ".<format>"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return ids


PRIVATE_ROUTES = [r for r in ROUTES if r.name not in PUBLIC_URL_NAMES]
OBJECT_ROUTES = [r for r in PRIVATE_ROUTES if r.object_kwargs]
LIST_ROUTES = [r for r in PRIVATE_ROUTES if not r.object_kwargs and r.name not in NO_DATA_URL_NAMES]


# ---------------------------------------------------------------------------------------------
# Factories and objects of organization A
# ---------------------------------------------------------------------------------------------


@cache
def factory_for_model() -> dict:
    """FACTORY_FOR_MODEL of every module in tests/factories, merged."""
    registry = {}
    for info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"tests.factories.{info.name}")
        registry.update(getattr(module, "FACTORY_FOR_MODEL", {}))
    return registry


def tenant_models() -> list:
    return [
        m
        for m in apps.get_models()
        if issubclass(m, TenantModel) and not m._meta.abstract and not m._meta.proxy
    ]


def _has_organization(model) -> bool:
    return any(f.name == "organization" for f in model._meta.get_fields())


def _organization_kwargs(factory_class, organization, prefix="", depth=0) -> dict:
    """`<path>__organization=organization` for every sub-factory whose model has one."""
    result = {}
    if depth > 4:
        return result
    for name, declaration in factory_class._meta.declarations.items():
        if not isinstance(declaration, factory.SubFactory):
            continue
        sub = declaration.get_factory()
        model = getattr(sub._meta, "model", None)
        if name == "organization" or model is Organization:
            continue
        if model is not None and _has_organization(model):
            result[f"{prefix}{name}__organization"] = organization
        result.update(_organization_kwargs(sub, organization, f"{prefix}{name}__", depth + 1))
    return result


def create_in(model, organization, owner: User):
    """One object of `model` in `organization`, made by its factory (fails if there is none)."""
    if model is Organization:
        return organization
    if model is User:
        return owner
    factory_class = factory_for_model().get(model)
    if factory_class is None:
        pytest.fail(
            f"No factory for {model._meta.label}: add it to FACTORY_FOR_MODEL in "
            f"tests/factories/{model._meta.app_label}.py"
        )
    kwargs = _organization_kwargs(factory_class, organization)
    if _has_organization(model):
        kwargs["organization"] = organization
    obj = factory_class(**kwargs)
    _assert_all_in(obj, organization)
    return obj


def _assert_all_in(obj, organization, depth=0):
    """The object and the tenant objects it points to belong to `organization`."""
    if isinstance(obj, TenantModel):
        assert obj.organization_id == organization.pk, (
            f"{obj._meta.label} factory made {obj!r} in another organization: pass "
            f"organization through to its sub-factories"
        )
    if depth > 3:
        return
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.name != "organization":
            related = getattr(obj, field.name, None)
            if isinstance(related, TenantModel):
                _assert_all_in(related, organization, depth + 1)


def resolve_attr(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


class CannotFill(Exception):
    pass


def url_kwargs(route: Route, org_slug: str, obj=None) -> dict:
    """Values for every kwarg of the route: org slug, object ids from `obj`, known extras."""
    values = {}
    for name in route.kwargs:
        if name == "org_slug":
            values[name] = org_slug
        elif name in EXTRA_KWARG_VALUES:
            values[name] = EXTRA_KWARG_VALUES[name]
        elif name == "pk" and obj is not None:
            values[name] = obj.pk
        elif name.endswith("_pk") and obj is not None:
            try:
                values[name] = resolve_attr(obj, name.removesuffix("_pk")).pk
            except AttributeError as error:
                raise CannotFill(
                    f"{route}: {obj._meta.label} has no `{name.removesuffix('_pk')}` for "
                    f"the kwarg `{name}` ({error})"
                ) from error
        else:
            raise CannotFill(
                f"{route}: cannot fill the kwarg `{name}`. Object ids are `pk` or "
                f"`<field>_pk`; anything else needs a value in EXTRA_KWARG_VALUES."
            )
    return values


def url_for(route: Route, org_slug: str, obj=None) -> str:
    if not route.name:
        raise CannotFill(f"/{route.route}: give the pattern a name (`<app>:<entity>-<action>`)")
    return reverse(route.name, kwargs=url_kwargs(route, org_slug, obj))


def object_for(route: Route, organization, owner):
    model = route.model()
    if model is None:
        pytest.fail(
            f"{route}: the view takes {', '.join(route.object_kwargs)} but has no `model` "
            f"(set `model` on the view or viewset so its objects can be checked)"
        )
    return create_in(model, organization, owner)


def _org(slug: str, short_name: str, name_ru: str, name_kk: str) -> Organization:
    return OrganizationFactory(slug=slug, short_name=short_name, name_ru=name_ru, name_kk=name_kk)


def _head(organization: Organization, full_name: str, email: str) -> User:
    user = UserFactory(full_name=full_name, email=email)
    MembershipFactory(user=user, organization=organization, role=Role.SERVICE_HEAD)
    return user


def make_org_a():
    """Organization A with distinctive names, and its service head."""
    org_a = _org(
        "alpha-tenant", "АльфаТенант", "Университет Альфа-Тенант", "Альфа-Тенант университеті"
    )
    return org_a, _head(org_a, "Аружан Тенантова", "aruzhan.tenantova@alpha-tenant.kz")


def populate(organization: Organization, owner: User) -> list:
    """One object of every model with a factory in `organization`, each with an audit entry."""
    created = []
    for model in factory_for_model():
        obj = create_in(model, organization, owner)
        created.append(obj)
        audit.record(
            action=f"{model._meta.app_label}.{model._meta.model_name}.created",
            actor=owner,
            target=obj,
        )
    return created


def is_generic(text: str) -> bool:
    return len(text.strip()) < 6 or not any(ch.isalpha() for ch in text)


def texts_of(organization: Organization, owner: User) -> dict[str, tuple[str, type | None]]:
    """Every distinctive text of organization A: {text: (where it comes from, its model)}."""
    found = {
        organization.short_name: ("organization short name", None),
        organization.name_ru: ("organization name (ru)", None),
        organization.name_kk: ("organization name (kk)", None),
        organization.bin: ("organization BIN", None),
        owner.full_name: ("A's service head", None),
        owner.email: ("A's service head's e-mail", None),
    }
    for model in tenant_models():
        if model._meta.label in GENERIC_STR_EXEMPT:
            continue
        for obj in model.objects.for_org(organization):
            text = str(obj)
            if not is_generic(text):
                found.setdefault(text, (f"{model._meta.label} #{obj.pk}", model))
    return found


LIST_WORDS = ("list", "search", "export")


def is_list_like(route: Route) -> bool:
    """Routes that get the search variants: ListViews, DRF list actions, and URL names with
    list/search/export in them. (Forms and dashboards ignore ?q=; searching them would only
    cost time.)"""
    actions = getattr(route.callback, "actions", None) or {}
    if actions.get("get") == "list":
        return True
    cls = route.view_class
    if cls is not None and issubclass(cls, MultipleObjectMixin):
        return True
    return any(word in (route.name or "") for word in LIST_WORDS)


def search_terms(route: Route, texts: dict[str, tuple[str, type | None]]) -> list[str]:
    """The texts of objects the route's list could find: its `model` and the models it points
    to (an official is found by its person's name); all object texts if it has no model."""
    objects = [t for t, (_, model) in texts.items() if model is not None]
    model = route.model()
    if model is None:
        return objects
    related = {model} | {
        f.related_model for f in model._meta.concrete_fields if f.is_relation and f.related_model
    }
    return [t for t in objects if texts[t][1] in related] or objects


# ---------------------------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------------------------


def body_text(response) -> str:
    """All the text a response shows: HTML unescaped, JSON decoded, files opened leniently."""
    # The test client has already closed the response (for streaming ones, once consumed);
    # closing it again would fire request_finished and close the test's database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [content.decode("utf-8", errors="ignore")]
    if content[:2] == b"PK":  # xlsx, docx, zip: the text sits in compressed members
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                parts += [
                    archive.read(n).decode("utf-8", errors="ignore") for n in archive.namelist()
                ]
        except zipfile.BadZipFile:
            pass
    if content[:4] == b"%PDF":
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(content))
            parts += [page.extract_text() or "" for page in reader.pages]
        except ImportError:  # pragma: no cover - pypdf arrives with the documents issue
            pass
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            parts.append(json.dumps(json.loads(content), ensure_ascii=False))
    return html.unescape("\n".join(parts))


def request(client: Client, method: str, url: str, **extra):
    if method == "get":
        return client.get(url, **extra)
    if method == "post":
        return client.post(url, **extra)
    return client.generic(method.upper(), url, b"", content_type="application/json", **extra)


def login_path() -> str:
    return resolve_url(settings.LOGIN_URL)


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def org_b(db):
    return _org("beta-tenant", "БетаТенант", "Университет Бета-Тенант", "Бета-Тенант университеті")


@pytest.fixture
def head_b(org_b):
    return _head(org_b, "Бекзат Бетаев", "bekzat.betaev@beta-tenant.kz")


@pytest.fixture
def client_b(head_b):
    client = Client()
    client.force_login(head_b)
    return client


# ---------------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------------


def test_discovery_finds_the_project_urls():
    names = {route.name for route in ROUTES}

    assert {"core:home", "core:dashboard", "core:audit-log"} <= names
    assert all(any(route.name == n for route in ROUTES) for n in PUBLIC_URL_NAMES), (
        f"PUBLIC_URL_NAMES lists a name that no longer exists: {sorted(PUBLIC_URL_NAMES - names)}"
    )
    assert names >= NO_DATA_URL_NAMES


def test_every_tenant_model_has_a_factory():
    registry = factory_for_model()

    missing = [m._meta.label for m in tenant_models() if m not in registry]

    assert missing == [], (
        "Tenant models without a factory (add them to FACTORY_FOR_MODEL in "
        f"tests/factories/<app>.py): {missing}"
    )


@pytest.mark.django_db
def test_factories_make_distinctive_str_in_their_organization():
    org_a, head_a = make_org_a()

    generic = []
    for model in factory_for_model():
        obj = create_in(model, org_a, head_a)
        if is_generic(str(obj)) and model._meta.label not in GENERIC_STR_EXEMPT:
            generic.append(f"{model._meta.label}: {str(obj)!r}")

    assert generic == [], (
        "These factories give a str() too generic to search pages for; give them a "
        f"distinctive one or list the model in GENERIC_STR_EXEMPT with a reason: {generic}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=_ids(PRIVATE_ROUTES))
def test_anonymous_is_sent_to_login(route, client):
    org_a, head_a = make_org_a()
    try:
        obj = object_for(route, org_a, head_a) if route.object_kwargs else None
        url = url_for(route, org_a.slug, obj)
    except (CannotFill, pytest.fail.Exception):
        # (b) reports the unfillable kwarg; here any id will do to check the login gate.
        kwargs = {k: EXTRA_KWARG_VALUES.get(k, 1) for k in route.kwargs}
        if "org_slug" in kwargs:
            kwargs["org_slug"] = org_a.slug
        if not route.name:
            pytest.fail(f"/{route.route}: give the pattern a name")
        url = reverse(route.name, kwargs=kwargs)
    methods = route.methods() if not route.is_function_view else ["get"]

    wrong = []
    for method in methods:
        response = request(client, method, url)
        if route.is_api:
            ok = response.status_code == 401
        else:
            ok = response.status_code == 302 and urlsplit(response["Location"]).path == (
                login_path()
            )
        if route.is_function_view and response.status_code == 405:
            ok = True
        if not ok:
            wrong.append(
                f"{method.upper()} {url} -> {response.status_code} "
                f"{response.get('Location', '')}".rstrip()
            )

    expected = "401" if route.is_api else f"a redirect to {login_path()}"
    assert wrong == [], f"{route}: anonymous requests must get {expected}:\n" + "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=_ids(OBJECT_ROUTES))
def test_other_organization_gets_404_for_every_object(route, org_b, client_b):
    org_a, head_a = make_org_a()
    obj = object_for(route, org_a, head_a)
    try:
        urls = [url_for(route, org_b.slug, obj), url_for(route, org_a.slug, obj)]
    except CannotFill as error:
        pytest.fail(str(error))
    allowed = {404, 405} if route.is_function_view else {404}
    if not route.in_org:
        allowed |= {403}  # e.g. authority pages: not for organization users at all

    wrong = []
    for url in urls:
        for method in route.methods():
            response = request(client_b, method, url)
            if response.status_code not in allowed:
                wrong.append(f"{method.upper()} {url} -> {response.status_code}")

    assert wrong == [], (
        f"{route}: a user of another organization must get 404 for {obj._meta.label} "
        f"{obj.pk} of organization A:\n" + "\n".join(wrong)
    )
    if route.in_org and "get" in route.methods():
        # Control: the same URL works for A's own head, so the 404s above were not an
        # accident of wrongly filled ids.
        own = Client()
        own.force_login(head_a)
        response = own.get(urls[1])
        assert response.status_code not in (404, *range(500, 600)), (
            f"{route}: control request by organization A's own head got "
            f"{response.status_code} for {urls[1]} (are `pk`/`<field>_pk` the view's "
            f"`model` and its attributes?)"
        )


@dataclass
class ListsOfB:
    """What every list test reads: organization B and its head, B's view of each list while
    organization A was still empty (the baseline, or what the request raised), and the texts
    of A once populated."""

    org_b: Organization
    head_b: User
    baselines: dict[int, str | Exception]
    texts: dict[str, tuple[str, type | None]]


def lists_of_b() -> ListsOfB:
    org_b = _org("beta-tenant", "БетаТенант", "Университет Бета-Тенант", "Бета-Тенант университеті")
    head_b = _head(org_b, "Бекзат Бетаев", "bekzat.betaev@beta-tenant.kz")
    client = Client()
    client.force_login(head_b)
    baselines = {}
    for route in LIST_ROUTES:
        try:
            url = url_for(route, org_b.slug)
        except CannotFill:
            continue  # the test reports it
        if "get" in route.methods():
            try:
                baselines[id(route)] = body_text(client.get(url, follow=True))
            except Exception as error:  # raised again by the route's own test
                baselines[id(route)] = error
    org_a, head_a = make_org_a()
    populate(org_a, head_a)
    return ListsOfB(org_b, head_b, baselines, texts_of(org_a, head_a))


@pytest.mark.django_db
class TestListsOfAnotherOrganization:
    """Organization A is populated once for all the list tests (a second or so each time, for
    some 230 lists), after B's baseline of every list was taken with A still empty; the class
    keeps that data apart from the other tests of this module."""

    @pytest.fixture(scope="class")
    @classmethod
    def lists(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp("tenancy-lists-media")
        with shared_data(django_db_blocker, media) as make:
            yield make(lists_of_b)

    @pytest.mark.parametrize("route", LIST_ROUTES, ids=_ids(LIST_ROUTES))
    def test_other_organization_sees_nothing_of_it(self, route, lists):
        try:
            url = url_for(route, lists.org_b.slug)
        except CannotFill as error:
            pytest.fail(str(error))
        if "get" not in route.methods():
            pytest.skip(f"{route} answers no GET")
        baseline = lists.baselines[id(route)]
        if isinstance(baseline, Exception):
            raise baseline
        client_b = Client()
        client_b.force_login(lists.head_b)
        texts = {t: v for t, v in lists.texts.items() if t not in baseline}

        response = client_b.get(url, follow=True)
        body = body_text(response)
        leaks = [
            f"GET {url}: {where} {text!r}" for text, (where, _) in texts.items() if text in body
        ]
        if response.status_code == 200 and is_list_like(route):
            # A page may echo the search term (search box, `next=`): count the echoes of a term
            # that matches nothing, and call it a leak only beyond that (a text inside the
            # term, e.g. a person's name in "passport — <name>", is echoed along with it).
            echo = _search(client_b, url, NONSENSE).count(NONSENSE)
            for term in search_terms(route, texts):
                found = _search(client_b, url, term)
                leaks += [
                    f"GET {url}?search={term!r}: {where} {text!r}"
                    for text, (where, _) in texts.items()
                    if found.count(text) > echo * term.count(text)
                ]

        assert response.status_code < 500, f"{route}: GET {url} -> {response.status_code}"
        assert leaks == [], f"{route}: B's service head sees organization A's data:\n" + "\n".join(
            leaks
        )


NONSENSE = "Zyxwvuts-nowhere-42"


def _search(client: Client, url: str, term: str) -> str:
    return body_text(client.get(f"{url}?{urlencode({'search': term, 'q': term})}", follow=True))
