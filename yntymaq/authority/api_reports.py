"""The authorized body's API for annual reports (R8.11) and national figures (R2.10), under
/api/v1/authority/…: authority users only (organization users get 404, anonymous clients 401).
Every organization is read with the scope disabled explicitly; figures come from submitted
snapshots only; the decision goes through reporting.services.submission_decide."""

from __future__ import annotations

from django.db import transaction
from django.urls import include, path
from django_scopes import scopes_disabled
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from yntymaq.core.enums import OrganizationKind, Region
from yntymaq.core.fields import TEXT_MAX_LENGTH
from yntymaq.reporting import queries, services
from yntymaq.reporting.api import SingleObjectSchema, SnapshotSerializer, SubmissionSerializer
from yntymaq.reporting.enums import ReportState
from yntymaq.reporting.models import Submission

from .access import authority_can
from .views_reports import default_year


class AuthorityPermission(permissions.BasePermission):
    """Authority users only: 401 for anonymous clients, 404 for everybody else."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if not authority_can(user, "authority.view"):
            raise exceptions.NotFound()
        return True


class UnscopedMixin:
    permission_classes = [AuthorityPermission]

    def dispatch(self, request, *args, **kwargs):
        with scopes_disabled():
            return super().dispatch(request, *args, **kwargs)


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1991, max_value=2100)


class OverviewQuerySerializer(YearQuerySerializer):
    region = serializers.ChoiceField(choices=Region.choices, required=False)
    kind = serializers.ChoiceField(choices=OrganizationKind.choices, required=False)
    state = serializers.ChoiceField(choices=ReportState.choices, required=False)


class OverviewRowSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.slug")
    short_name = serializers.CharField(source="organization.short_name")
    region = serializers.CharField(source="organization.region")
    kind = serializers.CharField(source="organization.kind")
    state = serializers.CharField()
    submission = serializers.IntegerField(source="submission.pk", allow_null=True, default=None)
    version = serializers.IntegerField(source="submission.version", allow_null=True, default=None)
    submitted_at = serializers.DateTimeField(
        source="submission.submitted_at", allow_null=True, default=None
    )


class FiguresSerializer(serializers.Serializer):
    academic_year = serializers.IntegerField()
    organizations = serializers.IntegerField()
    totals = serializers.DictField(child=serializers.IntegerField())
    by = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    ratings = serializers.ListField(child=serializers.DictField())


class DecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    comment = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


def _year(request, serializer_class=YearQuerySerializer) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = dict(query.validated_data)
    data["year"] = data.get("year") or default_year()
    return data


class ReportOverviewViewSet(UnscopedMixin, viewsets.ViewSet):
    """Every organization with the state of its report for the year."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("region", str),
            OpenApiParameter("kind", str),
            OpenApiParameter("state", str),
        ],
        responses=OverviewRowSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        query = _year(request, OverviewQuerySerializer)
        rows = queries.authority_overview(
            query["year"],
            region=query.get("region", ""),
            kind=query.get("kind", ""),
            state=query.get("state", ""),
        )
        return Response(OverviewRowSerializer(rows, many=True).data)


class SubmissionViewSet(UnscopedMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A submitted snapshot of any organization; `decide` accepts or returns it."""

    model = Submission
    serializer_class = SnapshotSerializer

    def get_queryset(self):
        return Submission.objects.select_related("report", "organization").prefetch_related("files")

    @extend_schema(request=DecisionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        submission = self.get_object()
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        with transaction.atomic():
            submission = services.submission_decide(
                submission=submission,
                actor=request.user,
                accept=decision.validated_data["accept"],
                comment=decision.validated_data["comment"],
            )
        return Response(SubmissionSerializer(submission).data)


class FiguresViewSet(UnscopedMixin, viewsets.ViewSet):
    """National figures of the year and the ratings (R2.10), from submitted snapshots."""

    schema = SingleObjectSchema()

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=FiguresSerializer)
    def list(self, request, *args, **kwargs):
        year = _year(request)["year"]
        counted = queries.counted_submissions(year)
        figures = queries.national_figures(year, counted)
        payload = {
            "academic_year": year,
            "organizations": figures.organizations,
            "totals": figures.totals,
            "by": {name: {code: n for code, _l, n in rows} for name, rows in figures.by.items()},
            "ratings": [
                {
                    "place": r.place,
                    "organization": r.organization.slug,
                    "score": r.score,
                    **r.values,
                }
                for r in queries.ratings(year, counted)
            ],
        }
        return Response(FiguresSerializer(payload).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reports", ReportOverviewViewSet, basename="authority-report")
router.register("submissions", SubmissionViewSet, basename="authority-submission")
router.register("figures", FiguresViewSet, basename="authority-figures")

urlpatterns = [path("", include(router.urls))]
