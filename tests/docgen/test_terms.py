"""Check that terms breaking the policy are refused before any draft is written."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

import docgen.render
from docgen import AgreementTerms, TermsError, clean_text, render_agreement
from portal.policy.categories import Category, agreement_end_date, term_problem

from .factories import make_terms


@pytest.fixture
def nothing_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a template is filled at all."""
    def fill(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a draft was written for refused terms")

    monkeypatch.setattr(docgen.render, "fill", fill)


@pytest.mark.usefixtures("nothing_is_written")
@pytest.mark.parametrize(
    ("category", "years"),
    [("international_project", 4), ("partnership_city", 6),
     ("international_project", 0), ("partnership_city", -1)],
)
def test_a_term_outside_the_category_s_limits_is_refused(category: str, years: int) -> None:
    expected = term_problem(Category(category), years)
    assert expected is not None
    with pytest.raises(TermsError) as refused:
        render_agreement(make_terms(category, term_years=years))
    assert str(refused.value) == expected


def test_the_refusal_says_the_category_s_limit() -> None:
    with pytest.raises(TermsError, match=r"^An International Project agreement can run for "
                                         r"at most 3 years\.$"):
        render_agreement(make_terms("international_project", term_years=4))
    with pytest.raises(TermsError, match=r"^A Partnership City agreement can run for at most "
                                         r"5 years\.$"):
        render_agreement(make_terms("partnership_city", term_years=6))


@pytest.mark.parametrize("years", [1, 2, 3])
def test_every_term_the_policy_allows_for_a_project_is_drafted(years: int) -> None:
    assert render_agreement(make_terms("international_project", term_years=years))


@pytest.mark.usefixtures("nothing_is_written")
@pytest.mark.parametrize("category", ["not_sure", "friendship_city", ""])
def test_an_unknown_category_is_refused(category: str) -> None:
    with pytest.raises(TermsError, match="is unknown: an agreement is Partnership City or "
                                         "International Project"):
        render_agreement(make_terms(category=category))


@pytest.mark.usefixtures("nothing_is_written")
@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("counterpart_city", "The counterpart city needs a name."),
        ("counterpart_country", "The counterpart city's country needs a name."),
        ("signatory_name", "The City's signatory needs a name."),
        ("signatory_title", "The City's signatory needs a title."),
        ("counterpart_signatory_name", "The counterpart's signatory needs a name."),
        ("counterpart_signatory_title", "The counterpart's signatory needs a title."),
        ("reference", "The agreement needs a reference."),
        ("title", "The agreement needs a title."),
    ],
)
@pytest.mark.parametrize("blank", ["", "  \n\t", "\x00\x1f"])
def test_a_missing_party_or_name_is_refused(field: str, message: str, blank: str) -> None:
    with pytest.raises(TermsError) as refused:
        render_agreement(make_terms(**{field: blank}))
    assert refused.value.problems == (message,)


def test_a_version_below_one_is_refused() -> None:
    with pytest.raises(TermsError, match="The version must be 1 or more."):
        render_agreement(make_terms(version=0))


def test_every_problem_is_named_at_once() -> None:
    terms = make_terms(term_years=4, counterpart_city="", signatory_title=" ")
    assert terms.problems() == [
        "An International Project agreement can run for at most 3 years.",
        "The counterpart city needs a name.",
        "The City's signatory needs a title.",
    ]
    with pytest.raises(TermsError) as refused:
        terms.check()
    assert str(refused.value) == " ".join(terms.problems())


def test_complete_terms_have_no_problems() -> None:
    assert make_terms("partnership_city").problems() == []
    assert make_terms("international_project").problems() == []


@pytest.mark.parametrize(
    ("start", "years"),
    [(date(2027, 9, 1), 3), (date(2028, 2, 29), 1), (date(2028, 2, 29), 3),
     (date(2026, 12, 31), 2), (date(2026, 3, 1), 1)],
)
def test_the_end_date_is_derived_by_the_policy(start: date, years: int) -> None:
    assert make_terms(start_date=start, term_years=years).end_date == (
        agreement_end_date(start, years)
    )


def test_a_29_february_start_ends_on_28_february() -> None:
    assert make_terms(start_date=date(2028, 2, 29), term_years=1).end_date == date(2029, 2, 28)


def test_the_end_date_of_refused_terms_is_refused_too() -> None:
    with pytest.raises(TermsError, match="at most 3 years"):
        _ = make_terms(term_years=4).end_date


def test_an_end_past_the_calendar_is_refused_not_crashed() -> None:
    with pytest.raises(TermsError, match="after the year 9999"):
        render_agreement(make_terms(start_date=date(9999, 6, 1), term_years=1))


def test_lists_are_accepted_and_kept_as_tuples_of_paragraphs() -> None:
    terms = make_terms(objectives=["one\ntwo", " ", "three"], areas=("a",))
    assert terms.objectives == ("one", "two", "three")
    assert terms.areas == ("a",)
    assert hash(terms)


def test_a_list_given_as_one_answer_is_split_into_its_lines() -> None:
    assert make_terms(objectives="Share designs.\nPilot them.").objectives == (
        "Share designs.", "Pilot them."
    )


def test_names_are_kept_on_one_line() -> None:
    terms = make_terms(counterpart_city="  São\nPaulo\t ", signatory_name="Alex\r\nExample")
    assert terms.counterpart_city == "São Paulo"
    assert terms.signatory_name == "Alex Example"


def test_an_address_s_line_breaks_become_commas() -> None:
    terms = make_terms(
        city_coordinator_address="100 Queen St W\r\nToronto ON\n\n",
        counterpart_coordinator_address=" Praça General Humberto Delgado,\n 4049-001  Porto\n"
                                        "Portugal",
        counterpart_coordinator_name="Ana\nSilva",
    )
    assert terms.city_coordinator_address == "100 Queen St W, Toronto ON"
    assert terms.counterpart_coordinator_address == (
        "Praça General Humberto Delgado, 4049-001 Porto, Portugal")
    assert terms.counterpart_coordinator_name == "Ana Silva"


def test_a_category_may_be_given_as_the_policy_s_enum() -> None:
    terms = make_terms(category=Category.PARTNERSHIP_CITY, term_years=5)
    assert type(terms.category) is str and terms.category == "partnership_city"
    assert json.dumps(terms.to_dict())


def test_a_start_given_as_a_datetime_is_kept_as_a_date() -> None:
    assert make_terms(start_date=datetime(2027, 9, 1, 12, 30)).start_date == date(2027, 9, 1)


def test_a_snapshot_stores_as_json_and_gives_back_the_same_terms() -> None:
    terms = make_terms(counterpart_city="Київ & <Co>")
    stored = json.loads(json.dumps(terms.to_dict()))
    assert stored["start_date"] == "2027-09-01"
    assert stored["objectives"] == list(terms.objectives)
    assert "end_date" not in stored
    assert AgreementTerms.from_dict(stored) == terms


def test_a_snapshot_without_a_lead_division_or_lists_still_loads() -> None:
    stored = make_terms(lead_division=None).to_dict()
    for name in ("objectives", "activities", "areas", "outcomes", "lead_division"):
        del stored[name]
    terms = AgreementTerms.from_dict({**stored, "end_date": "2030-08-31"})
    assert terms.lead_division is None and terms.objectives == ()


@pytest.mark.parametrize("start", ["1 Sept 2027", None, 20270901])
def test_a_snapshot_with_a_damaged_start_date_is_refused(start: object) -> None:
    with pytest.raises(TermsError, match="is not an ISO date"):
        AgreementTerms.from_dict({**make_terms().to_dict(), "start_date": start})


def test_a_snapshot_missing_terms_is_refused_naming_them() -> None:
    stored = make_terms().to_dict()
    del stored["title"], stored["reference"]
    with pytest.raises(TermsError, match=r"^The stored terms lack reference, title\.$"):
        AgreementTerms.from_dict(stored)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("São Paulo", "São Paulo"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("windows\r\nline\rends", "windows\nline\nends"),
        # Carriage return (13) is a line end, so it stays as a newline.
        ("".join(map(chr, range(32))), "\t\n\n"),
        ("a\ufffeb\uffffc", "abc"),
        ("lone \ud800 and \udfff surrogates", "lone  and  surrogates"),
        ("Київ 重庆 Hồ Chí Minh \U0001f3d9", "Київ 重庆 Hồ Chí Minh \U0001f3d9"),
        ("", ""),
    ],
)
def test_clean_text_removes_only_what_word_cannot_hold(text: str, clean: str) -> None:
    assert clean_text(text) == clean
