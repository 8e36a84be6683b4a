"""The foreigner's self-service link: `/q/<token>/`, no account, one questionnaire only.

The token is looked up by its hash; an expired, revoked or unknown link gets a clear page.
Requests are limited per token and per address (Django's cache). Every request works inside
the scope of the link's organization, and only ever reads that one questionnaire.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scope

from yntymaq.core.errors import ApplicationError
from yntymaq.core.files import serve_file
from yntymaq.core.middleware import client_ip

from .. import services
from ..services.questionnaire import token_hash
from . import questionnaire_steps as steps

RATE_LIMIT_DEFAULT = 30  # requests a minute, per token and per address


def rate_limited(request, token: str) -> bool:
    """True when this token or this address made too many requests in the current minute."""
    limit = getattr(settings, "YNTYMAQ_QUESTIONNAIRE_RATE_PER_MINUTE", RATE_LIMIT_DEFAULT)
    minute = int(timezone.now().timestamp() // 60)
    over = False
    for key in (f"q:t:{token_hash(token)[:32]}:{minute}", f"q:a:{client_ip(request)}:{minute}"):
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
        over = over or count > limit
    return over


class PublicQuestionnaireView(View):
    """Overview and steps of the questionnaire behind a personal link."""

    def dispatch(self, request, token: str, step: str = "", *args, **kwargs):
        if rate_limited(request, token):
            response = render(
                request,
                "incoming/public_message.html",
                {
                    "title": _("Too many requests"),
                    "message": _("Please wait a minute and try again."),
                },
                status=429,
            )
            response["Retry-After"] = "60"
            return response
        try:
            link = services.questionnaire_link_open(token)
        except ApplicationError as error:
            return render(
                request,
                "incoming/public_message.html",
                {"title": _("The link does not work"), "message": error.message},
                status=404 if error.extra.get("reason") == "unknown" else 410,
            )
        if step and step not in steps.STEP_NAMES:
            raise Http404
        self.token, self.link, self.step = token, link, step
        with scope(organization=link.organization):
            self.questionnaire = services.questionnaire_start(
                stay=link.questionnaire.stay, actor=None
            )
            response = super().dispatch(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
            return response

    def url(self, step: str = "") -> str:
        if step:
            return reverse(
                "incoming:questionnaire-public-step", kwargs={"token": self.token, "step": step}
            )
        return reverse("incoming:questionnaire-public", kwargs={"token": self.token})

    def context(self, **extra):
        q = self.questionnaire
        return {
            "questionnaire": q,
            "organization_name": q.organization.name,
            "link": self.link,
            "steps": steps.progress(q),
            "current_step": self.step,
            "base_url": self.url(),
            "step_urls": {name: self.url(name) for name in steps.STEP_NAMES},
            **extra,
        }

    def get(self, request, *args, **kwargs):
        q = self.questionnaire
        if not self.step or not q.editable_by_foreigner:
            return render(request, "incoming/public_overview.html", self.context())
        built = steps.build(self.step, q, show_restricted=True)
        return render(
            request, "incoming/public_step.html", self.context(step=built, **built.context)
        )

    def post(self, request, *args, **kwargs):
        q = self.questionnaire
        if not q.editable_by_foreigner:
            return HttpResponseRedirect(self.url())
        if not self.step:  # the overview's submit button
            return self.submit(request)
        built = steps.build(
            self.step, q, data=request.POST, files=request.FILES, actor=None, show_restricted=True
        )
        q.refresh_from_db()
        if built.errors or built.warnings or "stay" in request.POST:
            return render(
                request,
                "incoming/public_step.html",
                self.context(step=built, saved=True, **built.context),
                status=200,
            )
        if self.step == "statement" and "submit" in request.POST:
            return self.submit(request)
        following = steps.next_step(self.step)
        return HttpResponseRedirect(self.url(following) if following else self.url())

    def submit(self, request):
        try:
            services.questionnaire_submit(questionnaire=self.questionnaire, actor=None)
        except ApplicationError as error:
            self.questionnaire.refresh_from_db()
            return render(
                request,
                "incoming/public_overview.html",
                self.context(submit_error=error.message, missing=error.extra.get("missing", {})),
            )
        return HttpResponseRedirect(self.url())


class PublicPhotoView(View):
    """The foreigner sees the photo they uploaded (only through their own link)."""

    def get(self, request, token: str):
        if rate_limited(request, token):
            return render(
                request,
                "incoming/public_message.html",
                {
                    "title": _("Too many requests"),
                    "message": _("Please wait a minute and try again."),
                },
                status=429,
            )
        try:
            link = services.questionnaire_link_open(token)
        except ApplicationError as error:
            raise Http404 from error
        with scope(organization=link.organization):
            questionnaire = link.questionnaire
            questionnaire.refresh_from_db()
            return serve_file(
                questionnaire.photo,
                "photo" + (questionnaire.photo.name[-4:] if questionnaire.photo else ""),
                inline=True,
            )
