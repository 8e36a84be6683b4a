"""The Service's side of the questionnaire: view (A1.6/A1.7 restricted and audited), edit,
issue or revoke the link, return with a comment, accept, print, the consent."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from yntymaq.core import audit
from yntymaq.core.errors import ApplicationError
from yntymaq.core.files import serve_file
from yntymaq.core.views.base import OrgObjectFormView, OrgViewMixin, log_view_of_restricted

from .. import documents, queries, services
from ..enums import EducationType, Kinship, LanguageLevel
from ..forms import ReturnForm
from ..models import Questionnaire, Stay
from . import questionnaire_steps as steps
from ._base import RESTRICTED, StayOfUrlMixin


class QuestionnaireMixin(StayOfUrlMixin):
    model = Questionnaire
    anchor = "questionnaire"

    def get_object(self):
        return get_object_or_404(
            Questionnaire.objects.for_org(self.organization).select_related(
                "stay__person", "organization"
            ),
            stay_id=self.kwargs["stay_pk"],
        )

    def get_success_url(self):
        return reverse(
            "incoming:questionnaire-detail",
            kwargs={"org_slug": self.request.organization.slug, "stay_pk": self.kwargs["stay_pk"]},
        )


class QuestionnaireDetailView(QuestionnaireMixin, OrgViewMixin, View):
    permission = "incoming.view"

    def get(self, request, *args, **kwargs):
        q = self.get_object()
        restricted = self.can(RESTRICTED)
        if restricted and (q.religion or q.political_membership):
            log_view_of_restricted(request, q, ["religion", "political_membership"])
        if restricted and q.photo:
            audit.record(
                action="incoming.questionnaire.restricted_viewed",
                actor=request.user,
                target=q,
                data={"fields": ["photo"]},
            )
        link = q.links.order_by("-created_at").first()
        context = {
            "page_title": _("Questionnaire"),
            "questionnaire": q,
            "stay": q.stay,
            "can_change": self.can("incoming.change"),
            "can_restricted": restricted,
            "steps": steps.progress(q),
            "link": link,
            "consent": getattr(q, "consent", None),
            "kinships": dict(Kinship.choices),
            "education_types": dict(EducationType.choices),
            "levels": dict(LanguageLevel.choices),
            "motives": documents.a1_motive_boxes(q),
            "return_form": ReturnForm(),
        }
        return render(request, "incoming/questionnaire_detail.html", context)


class QuestionnaireEditView(QuestionnaireMixin, OrgViewMixin, View):
    """The Service fills in or corrects the questionnaire, step by step (?step=…)."""

    permission = "incoming.change"

    def step(self) -> str:
        step = self.request.GET.get("step", "personal")
        if step not in steps.STEP_NAMES:
            raise Http404
        return step

    def render_step(self, q, built, **extra):
        return render(
            self.request,
            "incoming/questionnaire_edit.html",
            {
                "page_title": _("Questionnaire"),
                "questionnaire": q,
                "stay": q.stay,
                "step": built,
                "steps": steps.progress(q),
                "current_step": built.name,
                **built.context,
                **extra,
            },
        )

    def get(self, request, *args, **kwargs):
        q = self.get_object()
        restricted = self.can(RESTRICTED)
        if restricted and self.step() == "personal" and (q.religion or q.political_membership):
            log_view_of_restricted(request, q, ["religion", "political_membership"])
        built = steps.build(self.step(), q, show_restricted=restricted)
        return self.render_step(q, built)

    def post(self, request, *args, **kwargs):
        q = self.get_object()
        built = steps.build(
            self.step(),
            q,
            data=request.POST,
            files=request.FILES,
            actor=request.user,
            show_restricted=self.can(RESTRICTED),
        )
        q.refresh_from_db()
        if built.errors or built.warnings:
            return self.render_step(q, built, saved=True)
        messages.success(request, _("Saved."))
        following = steps.next_step(built.name)
        url = reverse(
            "incoming:questionnaire-edit",
            kwargs={"org_slug": self.organization.slug, "stay_pk": q.stay_id},
        )
        return HttpResponseRedirect(
            f"{url}?step={following}" if following else self.get_success_url()
        )


class QuestionnaireLinkIssueView(OrgObjectFormView):
    """Issue a personal link for the stay's questionnaire; the token is shown only once."""

    model = Stay
    permission = "incoming.change"
    form_class = forms.Form
    template_name = "incoming/questionnaire_link.html"
    page_title = _("Link to the questionnaire")

    def get_object(self):
        return queries.stay_get(organization=self.organization, pk=self.kwargs["pk"])

    def form_valid(self, form):
        try:
            questionnaire = services.questionnaire_start(stay=self.object, actor=self.request.user)
            link, token = services.questionnaire_link_issue(
                questionnaire=questionnaire, actor=self.request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        url = self.request.build_absolute_uri(
            reverse("incoming:questionnaire-public", kwargs={"token": token})
        )
        return self.render_to_response(
            self.get_context_data(form=form, issued_url=url, link=link, stay=self.object)
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("stay", self.object)
        kwargs.setdefault("questionnaire", queries.questionnaire_of(self.object))
        return super().get_context_data(**kwargs)


class QuestionnaireActionView(QuestionnaireMixin, OrgObjectFormView):
    """Base of POST actions on the questionnaire (revoke, accept, return, consent)."""

    permission = "incoming.change"
    form_class = forms.Form
    template_name = "incoming/confirm_action.html"

    def form_valid(self, form):
        try:
            self.act(form)
        except ApplicationError as error:
            messages.error(self.request, error.message)
        return HttpResponseRedirect(self.get_success_url())


class QuestionnaireRevokeView(QuestionnaireActionView):
    page_title = _("Withdraw the link")

    def act(self, form):
        for link in self.object.links.filter(revoked_at__isnull=True):
            services.questionnaire_link_revoke(link=link, actor=self.request.user)
        messages.success(self.request, _("The link no longer works."))


class QuestionnaireAcceptView(QuestionnaireActionView):
    page_title = _("Accept the questionnaire")

    def act(self, form):
        services.questionnaire_accept(questionnaire=self.object, actor=self.request.user)
        messages.success(self.request, _("The questionnaire is accepted."))


class QuestionnaireReturnView(QuestionnaireActionView):
    page_title = _("Return the questionnaire")
    form_class = ReturnForm
    template_name = "incoming/form.html"

    def form_valid(self, form):
        try:
            services.questionnaire_return(
                questionnaire=self.object,
                actor=self.request.user,
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as error:
            form.add_error("comment" if error.field == "comment" else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The questionnaire is returned; the link works again."))
        return HttpResponseRedirect(self.get_success_url())


class ConsentWithdrawView(QuestionnaireActionView):
    page_title = _("Withdrawal of the consent")

    def act(self, form):
        consent = getattr(self.object, "consent", None)
        if consent is None:
            raise Http404
        services.consent_withdraw(consent=consent, actor=self.request.user)
        messages.success(self.request, _("The withdrawal of the consent is recorded."))


class QuestionnairePrintView(QuestionnaireMixin, OrgViewMixin, View):
    """The questionnaire as PDF or DOCX (?lang=ru|kk). A1.6/A1.7 only on request
    (?restricted=1) by a role with personal-data access, and that print is audited."""

    permission = "incoming.view"
    kind = "pdf"

    def get(self, request, *args, **kwargs):
        q = self.get_object()
        language = request.GET.get("lang", "ru")
        if language not in documents.LANGUAGES:
            language = "ru"
        include_restricted = request.GET.get("restricted") == "1"
        if include_restricted and not self.can(RESTRICTED):
            raise PermissionDenied
        audit.record(
            action="incoming.questionnaire.exported",
            actor=request.user,
            target=q,
            data={"format": self.kind, "language": language, "restricted": include_restricted},
        )
        if self.kind == "pdf":
            content = documents.questionnaire_pdf(
                q, language=language, include_restricted=include_restricted
            )
            content_type = "application/pdf"
        else:
            content = documents.questionnaire_docx(
                q, language=language, include_restricted=include_restricted
            )
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="questionnaire-{q.stay_id}-{language}.{self.kind}"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class QuestionnairePdfView(QuestionnairePrintView):
    kind = "pdf"


class QuestionnaireDocxView(QuestionnairePrintView):
    kind = "docx"


class QuestionnairePhotoView(QuestionnaireMixin, OrgViewMixin, View):
    """The photo is personal data: roles with personal-data access only, each view audited."""

    permission = RESTRICTED

    def get(self, request, *args, **kwargs):
        q = self.get_object()
        if not q.photo:
            raise Http404
        audit.record(
            action="incoming.questionnaire.restricted_viewed",
            actor=request.user,
            target=q,
            data={"fields": ["photo"]},
        )
        return serve_file(q.photo, f"photo-{q.stay_id}{q.photo.name[-4:]}", inline=True)
