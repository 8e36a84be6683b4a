import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from yntymaq.reporting import lists
from yntymaq.reporting.enums import FileKind, GenerationStatus, SubmissionStatus
from yntymaq.reporting.models import (
    AnnualReport,
    ReportFile,
    ReportGeneration,
    Submission,
    SubmissionFile,
)

from .core import OrganizationFactory, UserFactory


def empty_data(organization, academic_year: int) -> dict:
    """Report data with every item present and empty (the shape of queries.report_data)."""
    items = {str(n): {"available": True, "rows": []} for n in range(1, 10)}
    items["3"]["origin"] = {"diaspora": 0, "kandas": 0, "quota": 0, "cis": 0}
    items["5"] = {"available": True, "plan": None}
    items["9"] = {"available": True, "work": None}
    return {
        "schema": 1,
        "organization": {
            "name_ru": organization.name_ru,
            "name_kk": organization.name_kk,
            "short_name": organization.short_name,
            "bin": organization.bin,
            "region": organization.region,
            "kind": organization.kind,
        },
        "academic_year": academic_year,
        "year_label": f"{academic_year}/{academic_year + 1}",
        "start": f"{academic_year}-09-01",
        "end": f"{academic_year + 1}-08-31",
        "generated_at": "2026-01-10T10:00:00+05:00",
        "notes": {str(n): "" for n in range(1, 10)},
        "items": items,
    }


def a2_3_row(**values) -> dict:
    """A row of A2.3 as report data holds it: a Chinese student (values change it)."""
    row = {
        "full_name": "WANG LEI", "full_name_latin": "", "birth_year": 2004, "country": "CN",
        "arrival_line": "state_grant", "arrival_line_other": "", "specialty": "6B04101 Экономика",
        "course": 1, "residence": "", "expected_completion": "", "expected_departure": "",
        "category": "main_program", "from": "2025-08-25", "to": "",
    }  # fmt: skip
    row.update(values)
    return row


def a2_4_row(**values) -> dict:
    """A row of A2.4 as report data holds it: a study trip to Seoul (values change it)."""
    row = {
        "full_name": "Омаров Ерлан", "birth_date": "1990-01-01", "residence_kz": "",
        "residence_abroad": "", "purpose": "study", "kind": "internship",
        "departure": "2025-10-01", "planned_return": "2026-01-31", "actual_return": "",
        "country": "KR", "city": "Сеул", "host": "", "from": "2025-10-01", "to": "2026-01-31",
    }  # fmt: skip
    row.update(values)
    return row


def stored_lists(data: dict, rows: dict[str, list[dict]]) -> ContentFile:
    """Keep those items' rows in a rows file, as a generation does: `data` is changed to the
    frozen form (count and SHA-256 of each list); the file's content is returned."""
    output = io.BytesIO()
    writer = lists.ListsWriter(output)
    for number, listed in rows.items():
        data["items"][number] = {
            **{k: v for k, v in data["items"][number].items() if k != "rows"},
            "stored_rows": writer.write(number, lists.lines(listed)),
        }
    writer.close()
    return ContentFile(output.getvalue(), name="lists.zip")


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport
        django_get_or_create = ("organization", "academic_year")

    organization = factory.SubFactory(OrganizationFactory)
    academic_year = 2025


class ReportGenerationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportGeneration

    organization = factory.SubFactory(OrganizationFactory)
    report = factory.SubFactory(
        AnnualReportFactory, organization=factory.SelfAttribute("..organization")
    )
    status = GenerationStatus.DONE
    progress = 100
    data = factory.LazyAttribute(lambda o: empty_data(o.organization, o.report.academic_year))
    data_sha256 = "a" * 64
    finished_at = factory.LazyFunction(timezone.now)


class ReportFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportFile

    organization = factory.SubFactory(OrganizationFactory)
    generation = factory.SubFactory(
        ReportGenerationFactory, organization=factory.SelfAttribute("..organization")
    )
    kind = FileKind.XLSX
    language = "ru"
    name = factory.LazyAttribute(
        lambda o: f"annual-report-{o.organization.slug}-{o.generation.report.academic_year}.xlsx"
    )
    file = factory.django.FileField(filename="generated-report.xlsx", data=b"PK generated")
    sha256 = "b" * 64
    size = 12


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    organization = factory.SubFactory(OrganizationFactory)
    report = factory.SubFactory(
        AnnualReportFactory, organization=factory.SelfAttribute("..organization")
    )
    version = factory.Sequence(lambda n: n + 1)
    status = SubmissionStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    submitted_by = factory.SubFactory(UserFactory)
    deadline = factory.LazyAttribute(lambda o: dt.date(o.report.academic_year + 1, 7, 15))
    on_time = True
    data = factory.LazyAttribute(lambda o: empty_data(o.organization, o.report.academic_year))
    data_sha256 = "c" * 64
    figures = factory.LazyFunction(dict)


class SubmissionFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionFile

    organization = factory.SubFactory(OrganizationFactory)
    submission = factory.SubFactory(
        SubmissionFactory, organization=factory.SelfAttribute("..organization")
    )
    kind = FileKind.PDF
    language = "kk"
    name = factory.LazyAttribute(lambda o: f"submitted-report-{o.organization.slug}-kk.pdf")
    file = factory.django.FileField(filename="submitted-report.pdf", data=b"%PDF-1.4 frozen")
    sha256 = "d" * 64
    size = 15


FACTORY_FOR_MODEL = {
    AnnualReport: AnnualReportFactory,
    ReportGeneration: ReportGenerationFactory,
    ReportFile: ReportFileFactory,
    Submission: SubmissionFactory,
    SubmissionFile: SubmissionFileFactory,
}
