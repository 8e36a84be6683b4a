"""Pages of the authorized body: the overview of every organization's Service. The authority
changes no organization's data; it registers organizations and invites their heads of the
Service (views_organizations)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from yntymaq.service.queries import organizations_service_status

from .access import AuthorityViewMixin
from .forms import OverviewFilterForm


class OverviewView(AuthorityViewMixin, TemplateView):
    """Every organization with its Service (R4–R6) and the head or responsible person in
    office with the number of R5–R7 warnings, filtered by region and kind."""

    template_name = "authority/overview.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        form = OverviewFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = organizations_service_status(
            region=filters.get("region", ""), kind=filters.get("kind", "")
        )
        kwargs.update(
            page_title=_("Organizations"),
            filter_form=form,
            rows=rows,
            total=len(rows),
            with_service=sum(1 for row in rows if row.has_service),
            without_appointment=sum(1 for row in rows if row.appointment is None),
        )
        return super().get_context_data(**kwargs)
