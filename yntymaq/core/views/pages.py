"""Home, organization dashboard, audit log and organization settings."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import attention, dashboard, services
from ..forms import AuditFilterForm, OrganizationSettingsForm
from ..queries import audit_entries
from .base import OrgListView, OrgServiceFormView, OrgViewMixin


class HomeView(LoginRequiredMixin, TemplateView):
    """`/`: the authority overview, the only organization's dashboard, or a chooser."""

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        memberships = [
            m
            for m in request.user.memberships.select_related("organization")
            if m.is_active and m.organization.is_active
        ]
        if request.user.is_authority and not memberships:
            return redirect("authority:overview")
        if len(memberships) == 1 and not request.user.is_authority:
            return redirect(memberships[0].organization.get_absolute_url())
        return super().get(request, *args, **kwargs)


class DashboardView(OrgViewMixin, TemplateView):
    template_name = "core/dashboard.html"
    permission = "org.view"

    def get_context_data(self, **kwargs):
        kwargs["widgets"] = dashboard.widgets(self.request)
        return super().get_context_data(**kwargs)


class AuditLogView(OrgListView):
    """The audit log of the organization, for the service head and the auditor. Read-only."""

    template_name = "core/audit_log.html"
    permission = "audit.view"
    paginate_by = 100

    def get_queryset(self):
        self.filter_form = AuditFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return audit_entries(organization=self.organization, **filters)

    def get_context_data(self, **kwargs):
        kwargs["filter_form"] = self.filter_form
        return super().get_context_data(**kwargs)


class OrganizationSettingsView(OrgServiceFormView):
    template_name = "core/organization_settings.html"
    permission = "org.settings"
    form_class = OrganizationSettingsForm
    success_message = _("The organization's settings are saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.organization
        return kwargs

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        # The form has already applied its values to the instance; reload before diffing.
        self.organization.refresh_from_db()
        return services.organization_update(
            organization=self.organization, actor=self.request.user, data=data
        )

    def get_success_url(self):
        # The address name may have changed with the settings.
        return reverse("core:organization-settings", kwargs={"org_slug": self.object.slug})


class AttentionView(OrgViewMixin, TemplateView):
    """Everything that is due or overdue in the organization, from every app: the number of
    each kind, and the items in due order, a page at a time, of every kind or of one."""

    template_name = "core/attention.html"
    permission = "org.view"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        kind = self.request.GET.get("kind", "")
        try:
            number = max(1, int(self.request.GET.get("page", "1")))
        except ValueError:
            number = 1
        wanted = number * self.paginate_by
        if kind:  # the number of every kind, then the page of the one asked for
            gathered = attention.gather(self.organization, today, limit=0)
            if gathered.kinds.get(kind, (None, 0))[1]:
                shown = attention.gather(self.organization, today, limit=wanted, kinds=[kind])
            else:
                kind = ""
        if not kind:
            gathered = shown = attention.gather(self.organization, today, limit=wanted)
        page_obj = Paginator(range(shown.total), self.paginate_by).get_page(number)
        kwargs.update(
            today=today,
            kind=kind,
            kinds=[
                (code, label, count) for code, (label, count) in gathered.kinds.items() if count
            ],
            total=gathered.total,
            page_obj=page_obj,
            items=[
                (item, item.severity(today))
                for item in shown.items[page_obj.start_index() - 1 : page_obj.end_index()]
            ],
        )
        return super().get_context_data(**kwargs)


def attention_widget(request):
    """Dashboard: the first ten things that need attention, and how many there are."""
    today = timezone.localdate()
    gathered = attention.gather(request.organization, today, limit=10)
    return {
        "template": "core/_attention_widget.html",
        "order": 1,
        "css": "col-lg-12",
        "items": [(item, item.severity(today)) for item in gathered.items],
        "total": gathered.total,
    }
