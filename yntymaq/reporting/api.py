"""API of reporting: R4 eligibility on a date, the annual reports (read, submit) and their
submitted snapshots. Writes go through the same services as the pages."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yntymaq.core.api import OrgPermission, OrgViewSetMixin
from yntymaq.core.schema import OrgAutoSchema

from . import queries, services
from .models import AnnualReport, Submission

# --- serializers ---------------------------------------------------------------------------


class RecordSerializer(serializers.Serializer):
    label = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()


class CriterionSerializer(serializers.Serializer):
    clause = serializers.CharField()
    title = serializers.CharField()
    threshold = serializers.IntegerField()
    rule = serializers.CharField(help_text="What the criterion counts, in words.")
    count = serializers.IntegerField(allow_null=True, help_text="null: not available yet")
    met = serializers.BooleanField(allow_null=True)
    rows = RecordSerializer(many=True, help_text="The records behind the number.")


class EligibilitySerializer(serializers.Serializer):
    on_date = serializers.DateField()
    criteria = CriterionSerializer(many=True)
    service_required = serializers.BooleanField(
        allow_null=True, help_text="R4: true — a Service; false — a responsible person (R6)."
    )
    verdict = serializers.CharField()
    has_service = serializers.BooleanField()
    appointment = serializers.CharField()
    warnings = serializers.ListField(child=serializers.CharField())


class DateQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False)


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    language = serializers.CharField()
    name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class GapSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()


class SubmissionSerializer(serializers.ModelSerializer):
    files = FileSerializer(many=True, read_only=True)
    academic_year = serializers.IntegerField(source="report.academic_year", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "report",
            "academic_year",
            "version",
            "status",
            "submitted_at",
            "deadline",
            "on_time",
            "data_sha256",
            "comment",
            "decided_at",
            "files",
        ]
        read_only_fields = fields


class SnapshotSerializer(SubmissionSerializer):
    """A submission with its frozen data (the report as submitted, its long lists read
    back from its rows file) and figures."""

    data = serializers.SerializerMethodField()
    figures = serializers.JSONField(read_only=True)

    @extend_schema_field(serializers.JSONField())
    def get_data(self, submission) -> dict:
        return queries.data_as_json(queries.stored_data(submission))

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "figures", "data"]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    year_label = serializers.CharField(read_only=True)
    deadline = serializers.SerializerMethodField()
    latest_status = serializers.CharField(read_only=True, allow_null=True)
    latest_version = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "academic_year",
            "year_label",
            "deadline",
            "latest_status",
            "latest_version",
            *[f"note_{n}" for n in range(1, 10)],
        ]
        read_only_fields = fields

    def get_deadline(self, report) -> str:
        return queries.report_deadline(report.academic_year).isoformat()


class ReportDetailSerializer(ReportSerializer):
    gaps = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "gaps", "files"]
        read_only_fields = fields

    @extend_schema_field(GapSerializer(many=True))
    def get_gaps(self, report):
        gaps = queries.report_gaps(queries.report_data(report))
        return [
            {"item": g.item, "code": g.code, "severity": g.severity, "message": str(g.message)}
            for g in gaps
        ]

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, report):
        return FileSerializer(
            queries.generation_files(queries.current_generation(report, with_data=False)),
            many=True,
        ).data


# --- views ---------------------------------------------------------------------------------


class SingleObjectSchema(OrgAutoSchema):
    """A `list` action that answers one object, not an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class EligibilityViewSet(viewsets.ViewSet):
    """R4 eligibility on a date (today by default). No model behind it: a computation."""

    permission_classes = [OrgPermission]
    permission = "reporting.view"
    schema = SingleObjectSchema()

    @extend_schema(
        parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD; today by default")],
        responses=EligibilitySerializer,
    )
    def list(self, request, *args, **kwargs):
        query = DateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on_date = query.validated_data.get("date") or timezone.localdate()
        result = queries.r4_eligibility(request.organization, on_date)
        payload = {
            "on_date": result.on_date,
            "criteria": [
                {
                    "clause": c.clause,
                    "title": str(c.title),
                    "threshold": c.threshold,
                    "rule": str(c.rule),
                    "count": c.count,
                    "met": c.met,
                    "rows": c.rows,
                }
                for c in result.criteria
            ],
            "service_required": result.service_required,
            "verdict": str(result.verdict),
            "has_service": result.has_service,
            "appointment": result.appointment,
            "warnings": [str(w) for w in result.warnings],
        }
        return Response(EligibilitySerializer(payload).data)


class ReportViewSet(OrgViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The organization's annual reports; `submit` freezes the current files as a version."""

    model = AnnualReport
    permission = "reporting.view"
    write_permission = "reporting.submit"
    serializer_class = ReportSerializer

    def get_queryset(self):
        return queries.report_list(self.request.organization)

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    @extend_schema(request=None, responses={201: SubmissionSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        report = self.get_object()
        with transaction.atomic():
            submission = services.report_submit(report=report, actor=request.user)
        return Response(SubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)


class SubmissionViewSet(
    OrgViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Submitted versions (snapshots): the list, and each with its frozen data."""

    model = Submission
    permission = "reporting.view"
    serializer_class = SubmissionSerializer

    def get_queryset(self):
        return queries.submissions_of(self.request.organization)

    def get_serializer_class(self):
        return SnapshotSerializer if self.action == "retrieve" else SubmissionSerializer


ROUTES = [
    ("reporting/eligibility", EligibilityViewSet, "reporting-eligibility"),
    ("reporting/reports", ReportViewSet, "reporting-report"),
    ("reporting/submissions", SubmissionViewSet, "reporting-submission"),
]
