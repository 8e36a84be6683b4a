"""Reads of the partners app: R4.2 in one function, lists and their filters, the yearly
summary suggestion, the expiry alerts, the authority's queue."""

import datetime as dt

import pytest
from django.utils import translation

from tests.factories.partners import (
    AgreementFactory,
    DraftAgreementFactory,
    ImplementationResultFactory,
    PartnerFactory,
    PartnersSettingsFactory,
)
from yntymaq.core import attention
from yntymaq.partners import queries
from yntymaq.partners.attention import partners_attention
from yntymaq.partners.enums import AgreementStatus as S

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 2)


def in_force(org, **kwargs):
    values = {
        "organization": org,
        "signed_on": dt.date(2024, 1, 10),
        "valid_from": dt.date(2024, 1, 10),
        "valid_to": dt.date(2028, 1, 9),
    }
    values.update(kwargs)
    return AgreementFactory(**values)


def result(agreement, day, kind="mobility"):
    return ImplementationResultFactory(
        organization=agreement.organization, agreement=agreement, date=day, kind=kind
    )


# --- R4.2 ------------------------------------------------------------------------------------


def test_r4_2_counts_an_agreement_in_force_with_a_result_in_the_preceding_12_months(org):
    counting = in_force(org, title="Counts")
    result(counting, dt.date(2025, 3, 2))  # the first day of the window
    no_result = in_force(org, title="No result")
    old_result = in_force(org, title="Old result")
    result(old_result, dt.date(2025, 3, 1))  # a day too early

    figure = queries.r4_2_active_agreements(org, ON)

    assert figure.count == 1
    assert [a.title for a in figure.agreements] == ["Counts"]
    assert no_result.pk not in {a.pk for a in figure.agreements}


def test_r4_2_does_not_count_an_agreement_not_in_force_on_the_date(org):
    ended = in_force(org, status=S.EXPIRED, valid_to=dt.date(2026, 3, 1))
    result(ended, dt.date(2026, 2, 1))
    draft = DraftAgreementFactory(organization=org)
    terminated = in_force(org, status=S.TERMINATED, terminated_on=dt.date(2026, 3, 2))
    result(terminated, dt.date(2026, 2, 1))
    not_yet = in_force(org, status=S.SIGNED, valid_from=dt.date(2026, 3, 3))

    assert queries.r4_2_active_agreements(org, ON).count == 0
    assert {draft.pk, not_yet.pk}.isdisjoint(
        {a.pk for a in queries.r4_2_active_agreements(org, ON).agreements}
    )


def test_r4_2_counts_by_dates_on_a_past_date(org):
    agreement = in_force(org, status=S.EXPIRED, valid_to=dt.date(2025, 12, 31))
    result(agreement, dt.date(2025, 6, 1))

    assert queries.r4_2_active_agreements(org, dt.date(2025, 9, 1)).count == 1
    assert queries.r4_2_active_agreements(org, ON).count == 0


def test_r4_2_open_ended_agreement_counts(org):
    agreement = in_force(org, valid_to=None)
    result(agreement, dt.date(2026, 1, 15))

    assert queries.r4_2_active_agreements(org, ON).count == 1


def test_r4_2_counts_only_the_organizations_own(org, other_org):
    agreement = in_force(other_org)
    result(agreement, dt.date(2026, 1, 15))

    assert queries.r4_2_active_agreements(org, ON).count == 0


def test_r4_2_assessment_says_why_it_counts(org):
    agreement = in_force(org)
    result(agreement, dt.date(2025, 11, 20))
    result(agreement, dt.date(2026, 2, 10))

    assessment = queries.r4_2_assessment(agreement, ON)

    assert (assessment.counts, assessment.last_result) == (True, dt.date(2026, 2, 10))
    assert assessment.reason == (
        "It is in force on 02.03.2026 and has 2 recorded results (the latest on 10.02.2026) "
        "within the preceding 12 months (02.03.2025 – 02.03.2026); 1 needed."
    )


def test_r4_2_results_needed_per_agreement_is_a_setting(org, settings):
    settings.YNTYMAQ_R4_2_MIN_RESULTS = 3
    agreement = in_force(org)
    result(agreement, dt.date(2025, 11, 20))
    result(agreement, dt.date(2026, 2, 10))
    result(agreement, dt.date(2025, 3, 1))  # a day before the 12 months

    assessment = queries.r4_2_assessment(agreement, ON)

    assert (assessment.counts, assessment.results) == (False, 2)
    assert assessment.reason == (
        "It does not count: 2 results are recorded in the preceding 12 months "
        "(02.03.2025 – 02.03.2026), 3 needed."
    )
    assert queries.r4_2_active_agreements(org, ON).count == 0


def test_r4_2_assessment_says_why_it_does_not_count(org):
    agreement = DraftAgreementFactory(organization=org)

    with translation.override("ru"):
        reason = queries.r4_2_assessment(agreement, ON).reason

    assert reason == (
        "Не учитывается: оно не действует на 02.03.2026; за предшествующие 12 месяцев "
        "(02.03.2025 – 02.03.2026) записано 0 результатов, нужно 1."
    )


def test_r4_2_window_on_29_february():
    assert queries.r4_2_window(dt.date(2028, 2, 29)) == (dt.date(2027, 2, 28), dt.date(2028, 2, 29))


# --- lists -----------------------------------------------------------------------------------


def test_partner_list_searches_every_name_in_any_case(org):
    PartnerFactory(
        organization=org, name_original="Université de Lyon", name_ru="Лионский университет"
    )
    PartnerFactory(organization=org, name_original="Universität Wien", country="AT", name_ru="")

    found = queries.partner_list(organization=org, search="ЛИОНСКИЙ")

    assert [p.name_original for p in found] == ["Université de Lyon"]


def test_partner_list_filters_by_country_and_kind_and_counts_agreements(org):
    lyon = PartnerFactory(organization=org, country="FR", kind="university")
    PartnerFactory(organization=org, country="FR", kind="company")
    AgreementFactory(organization=org, partners=[lyon])

    found = list(queries.partner_list(organization=org, country="fr", kind="university"))

    assert [(p, p.agreement_count) for p in found] == [(lyon, 1)]


def test_agreement_list_filters(org):
    french = PartnerFactory(organization=org, country="FR", name_latin="Sorbonne University")
    memo = AgreementFactory(organization=org, kind="memorandum", partners=[french], title="Memo")
    AgreementFactory(organization=org, valid_to=ON + dt.timedelta(days=20), title="Ends")
    DraftAgreementFactory(organization=org, title="Draft")
    result(memo, ON - dt.timedelta(days=3))

    def titles(**filters):
        return sorted(
            a.title for a in queries.agreement_list(organization=org, on_date=ON, **filters)
        )

    assert titles(country="FR") == ["Memo"]
    assert titles(kind="memorandum") == ["Memo"]
    assert titles(status="draft") == ["Draft"]
    assert titles(expiring_days=30) == ["Ends"]
    assert titles(r4_2="yes") == ["Memo"]
    assert titles(r4_2="no") == ["Draft", "Ends"]
    assert titles(search="sorbonne") == ["Memo"]
    assert titles(partner=french.pk) == ["Memo"]


def test_agreement_list_search_finds_numbers(org):
    AgreementFactory(organization=org, our_number="МС-77", title="Exchange")

    assert [a.title for a in queries.agreement_list(organization=org, search="мс-77")] == [
        "Exchange"
    ]


# --- implementation ---------------------------------------------------------------------------


def test_a2_7_yearly_summary_suggestion_lists_the_results_of_the_academic_year(org):
    agreement = in_force(org)
    result(agreement, dt.date(2025, 9, 15)).description = "x"
    ImplementationResultFactory(
        organization=org,
        agreement=agreement,
        date=dt.date(2025, 10, 1),
        kind="publication",
        description="Paper in Physics Letters",
    )
    ImplementationResultFactory(
        organization=org,
        agreement=agreement,
        date=dt.date(2025, 8, 31),
        kind="event",
        description="Last year's school",
    )

    text = queries.yearly_summary_suggestion(agreement, 2025)

    lines = text.splitlines()
    assert lines[0] == "In 2025/2026 the agreement was carried out as follows:"
    assert lines[1] == "Mobility: 1."
    assert lines[3:] == ["Joint publication: 1.", "– 01.10.2025: Paper in Physics Letters"]
    assert "Last year's school" not in text


def test_yearly_summary_suggestion_without_results(org):
    assert (
        queries.yearly_summary_suggestion(in_force(org), 2019)
        == "No results were recorded in 2019/2020."
    )


def test_a2_agreements_for_the_annual_report(org):
    current = in_force(org, title="Current")
    result(current, dt.date(2025, 10, 1))
    in_force(org, title="Ended before", status=S.EXPIRED, valid_to=dt.date(2025, 8, 1))
    DraftAgreementFactory(organization=org, title="Draft")

    rows = list(queries.agreements_for_annual_report(org, 2025))

    assert [a.title for a in rows] == ["Current"]
    assert [r.date for r in rows[0].results.all()] == [dt.date(2025, 10, 1)]


# --- expiry alerts ----------------------------------------------------------------------------


def test_attention_lists_agreements_ending_within_the_first_alert(org):
    soon = in_force(org, valid_to=ON + dt.timedelta(days=89), title="Soon")
    in_force(org, valid_to=ON + dt.timedelta(days=91), title="Later")
    automatic = in_force(
        org,
        valid_to=ON + dt.timedelta(days=10),
        automatic_prolongation=True,
        prolongation_months=12,
        title="Auto",
    )

    items = attention.read(partners_attention(org, ON)).items

    assert [(i.due, i.kind, i.remind_days) for i in items] == [
        (automatic.valid_to, "partners.agreement_expiry", (90, 30)),
        (soon.valid_to, "partners.agreement_expiry", (90, 30)),
    ]
    assert items[1].title.startswith("“Soon” (")
    assert items[1].url == soon.get_absolute_url()
    assert "prolonged automatically" in items[0].title


def test_attention_uses_the_organizations_settings(org):
    PartnersSettingsFactory(
        organization=org, expiry_first_alert_days=120, expiry_second_alert_days=45
    )
    in_force(org, valid_to=ON + dt.timedelta(days=100))

    items = attention.read(partners_attention(org, ON)).items

    assert [i.remind_days for i in items] == [(120, 45)]


def test_attention_runs_a_fixed_number_of_queries(org, django_assert_num_queries):
    in_force(org, valid_to=ON + dt.timedelta(days=10))
    with django_assert_num_queries(3):
        attention.read(partners_attention(org, ON))
    for days in range(20, 70, 10):
        in_force(org, valid_to=ON + dt.timedelta(days=days))
    with django_assert_num_queries(3):
        assert len(attention.read(partners_attention(org, ON)).items) == 6


# --- the authority's queue --------------------------------------------------------------------


def test_authority_queue_holds_every_organizations_agreements_sent_for_agreement(org, other_org):
    mine = DraftAgreementFactory(organization=org, status=S.AUTHORITY_REVIEW, title="A")
    theirs = DraftAgreementFactory(organization=other_org, status=S.AUTHORITY_REVIEW, title="B")
    DraftAgreementFactory(organization=org, title="Draft")

    assert {a.pk for a in queries.authority_agreement_queue()} == {mine.pk, theirs.pk}
    assert [a.pk for a in queries.authority_agreement_queue(organization=other_org.pk)] == [
        theirs.pk
    ]
