"""Stays and trips under agreements (R8.3, A2.3, R8.4/R8.5): the cards partners adds to the
stay and trip pages (core.panels; incoming and outbound do not know partners) and the
pages their forms post to. Thin: a form, one service, a redirect back to the stay or trip."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from yntymaq.core.views.base import OrgServiceFormView
from yntymaq.incoming.enums import ArrivalLine
from yntymaq.incoming.queries import stay_get

from .. import queries, services
from ..forms import CHOICES_SHOWN, StayAgreementForm, TripPartnerForm
from ..models import AgreementStay, TripPartnerLink

# Arrival lines (A2.3) of a stay that normally takes place under an agreement.
UNDER_AGREEMENT_LINES = (ArrivalLine.INTER_UNIVERSITY, ArrivalLine.ACADEMIC_MOBILITY)


# --- the cards on the stay and trip pages --------------------------------------------------

# Element ids of the cards' form fields, apart from the page's own forms.
PANEL_IDS = "partners_link_%s"


def stay_agreement_panel(request, stay) -> dict | None:
    """The stay page's card "Agreement": the agreement the stay is under, and a form to
    choose or remove it for the roles that link."""
    membership = getattr(request, "membership", None)
    if not queries.holds_all(membership, queries.SEE_STAY_LINKS):
        return None
    link = queries.stay_link_of(stay)
    may_link = services.may_link_stays(membership)
    return {
        "template": "partners/_stay_agreement_panel.html",
        "order": 10,
        "stay": stay,
        "link": link,
        "suggested": link is None and stay.arrival_line in UNDER_AGREEMENT_LINES,
        "form": StayAgreementForm(
            organization=stay.organization,
            initial={"agreement": link and link.agreement_id},
            auto_id=PANEL_IDS,
        )
        if may_link
        else None,
    }


def trip_partner_panel(request, trip) -> dict | None:
    """The trip page's card "Host partner and agreement". The page has already limited the
    trip to the user's units (outbound's queries)."""
    membership = getattr(request, "membership", None)
    if not queries.holds_all(membership, queries.SEE_TRIP_LINKS):
        return None
    link = queries.trip_link_of(trip)
    may_link = services.may_link_trips(membership)
    initial = {"partner": link.partner_id, "agreement": link.agreement_id} if link else {}
    return {
        "template": "partners/_trip_partner_panel.html",
        "order": 10,
        "trip": trip,
        "link": link,
        "form": TripPartnerForm(organization=trip.organization, initial=initial, auto_id=PANEL_IDS)
        if may_link
        else None,
    }


# --- the pages the cards post to -----------------------------------------------------------


class LinkViewMixin:
    """The stay or trip of the URL, for the roles that link (services.may_link_*): any other
    role is refused; a stay or trip the user does not see is 404."""

    permission = "partners.change"
    template_name = "partners/link_form.html"
    anchor = "partners-links"

    def dispatch(self, request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if membership is not None and not type(self).may_link(membership):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("search", self.request.GET.get("q", "").strip())
        kwargs.setdefault("shown", CHOICES_SHOWN)
        kwargs.setdefault("target", self.target)
        kwargs.setdefault("link", self.link)
        kwargs.setdefault("cancel_url", self.target.get_absolute_url())
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return f"{self.target.get_absolute_url()}#{self.anchor}"


class LinkRemoveMixin:
    """A confirmation page that removes the existing link (404 when there is none)."""

    form_class = forms.Form
    template_name = "partners/link_remove.html"

    def existing_link(self):
        if self.link is None:
            raise Http404
        return self.link

    def get_context_data(self, **kwargs):
        kwargs["link"] = self.existing_link()
        return super().get_context_data(**kwargs)


class StayLinkMixin(LinkViewMixin):
    model = AgreementStay
    may_link = staticmethod(services.may_link_stays)

    @cached_property
    def target(self):
        return stay_get(organization=self.organization, pk=self.kwargs["stay_pk"])

    @cached_property
    def link(self):
        return queries.stay_link_of(self.target)


class TripLinkMixin(LinkViewMixin):
    model = TripPartnerLink
    may_link = staticmethod(services.may_link_trips)

    @cached_property
    def target(self):
        return queries.trip_for_link(self.membership, self.kwargs["trip_pk"])

    @cached_property
    def link(self):
        return queries.trip_link_of(self.target)


class StayAgreementView(StayLinkMixin, OrgServiceFormView):
    """Put the stay under one of the organization's signed agreements (R8.3, A2.3)."""

    form_class = StayAgreementForm
    page_title = _("Agreement of the stay")
    success_message = _("The stay is linked to the agreement.")

    def get_form_kwargs(self):
        search = self.request.GET.get("q", "").strip()
        return super().get_form_kwargs() | {"organization": self.organization, "search": search}

    def get_initial(self):
        return {"agreement": self.link.agreement_id} if self.link else {}

    def perform(self, form):
        return services.agreement_stay_link(
            stay=self.target, agreement=form.cleaned_data["agreement"], actor=self.request.user
        )


class StayAgreementUnlinkView(LinkRemoveMixin, StayLinkMixin, OrgServiceFormView):
    page_title = _("Remove the stay from the agreement")
    success_message = _("The stay is no longer linked to the agreement.")

    def perform(self, form):
        services.agreement_stay_unlink(link=self.existing_link(), actor=self.request.user)


class TripPartnerView(TripLinkMixin, OrgServiceFormView):
    """Name the trip's host partner and/or the agreement it is made under (R8.3, R8.4/R8.5)."""

    form_class = TripPartnerForm
    page_title = _("Host partner and agreement of the trip")
    success_message = _("The trip's host partner and agreement are saved.")

    def get_form_kwargs(self):
        search = self.request.GET.get("q", "").strip()
        return super().get_form_kwargs() | {"organization": self.organization, "search": search}

    def get_initial(self):
        if self.link is None:
            return {}
        return {"partner": self.link.partner_id, "agreement": self.link.agreement_id}

    def perform(self, form):
        return services.trip_partner_link(
            trip=self.target,
            partner=form.cleaned_data["partner"],
            agreement=form.cleaned_data["agreement"],
            actor=self.request.user,
        )


class TripPartnerUnlinkView(LinkRemoveMixin, TripLinkMixin, OrgServiceFormView):
    page_title = _("Remove the trip's host partner and agreement")
    success_message = _("The trip no longer names a host partner or agreement.")

    def perform(self, form):
        services.trip_partner_unlink(link=self.existing_link(), actor=self.request.user)
