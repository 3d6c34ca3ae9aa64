"""A request's assessment is read in the reviewer's language, stored explanations included.

A proposed score's explanation is written when the request is scored and shown later, so it
is stored with its msgid and values (``portal.models.phrase_text``): a French reviewer reads
it in French, an English one in English, and a row stored before as English text is shown
as it was.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import CriterionScoreRecord
from portal.models.phrase_text import dump, load
from portal.policy.phrases import N_, NP_, P_, KeptPhrase, Money, Phrase
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import city_user, staff_user, submitted_request


def test_a_stored_phrase_comes_back_with_its_msgid_and_values() -> None:
    phrase = P_("%(facts)s: \u201c%(descriptor)s\u201d → %(points)s of %(max)s",
                facts=P_("%(first)s; %(rest)s", first=P_("Anticipated cost %(cost)s",
                                                          cost=Money(Decimal("1250.5"))),
                         rest=NP_("%(num)s past joint project", "%(num)s past joint projects",
                                  3)),
                descriptor=N_("The cost and its funding are identified."), points=2, max=4)
    stored = dump(phrase)
    assert stored.startswith('{"msgid": ') and "Anticipated cost" in stored
    again = load(stored)
    assert isinstance(again, Phrase) and again == phrase
    assert again.values["facts"].values["first"].values["cost"] == Money(Decimal("1250.5"))
    assert again.values["facts"].values["rest"].count == 3
    dated = load(dump(P_("Approved on %(day)s.", day=date(2027, 3, 3))))
    assert dated.values["day"] == date(2027, 3, 3)


def test_a_stored_phrase_read_again_is_the_one_already_read() -> None:
    # Shared by every page that reads it (it is never changed), and said once per language.
    stored = dump(P_("%(points)s of %(max)s", points=2, max=4))
    first = load(stored)
    assert isinstance(first, KeptPhrase) and first == "2 of 4"
    assert load(stored) is first
    assert load(dump(P_("%(points)s of %(max)s", points=3, max=4))) == "3 of 4"


@pytest.mark.parametrize("text", ["No answer maps to this criterion → 0 of 4",
                                  '{"msgid": broken', '{"msgid": "x", "values": 3}', ""])
def test_text_that_is_not_a_stored_phrase_is_read_as_written(text: str) -> None:
    assert load(text) == text and not isinstance(load(text), Phrase)
    assert load(dump(text)) == text and not isinstance(load(dump(text)), Phrase)


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def test_a_french_reviewer_reads_the_assessment_in_french(french_app: Flask) -> None:
    with french_app.app_context():
        staff_user("relecteur@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Relecteur")
        req = submitted_request(city_user(), requested_category="partnership_city")
        request_id = req.id
        stored = db.session.scalars(select(CriterionScoreRecord).where(
            CriterionScoreRecord.criterion_key == "objectives")).one()
        assert stored.explanation.startswith("1 of 1 outcomes")  # read back as its English
    browser = french_app.test_client()
    browser.set_cookie("language", "fr_CA")
    login(browser, "relecteur@toronto.example")
    page = _text(browser.get(f"/review/requests/{request_id}"))

    # The proposed score's explanation, quoting the rubric's descriptor, and the criterion.
    assert ("1 sur 1 résultats avec un indicateur et une cible : « La plupart des résultats "
            "ont un indicateur et une cible. » → 3 sur 4") in page
    assert "Harmonisation avec les priorités et les plans stratégiques de la Ville" in page
    # The eligibility gates and their reasons; the stepping-stone suggestion.
    assert "La durée respecte la limite de la catégorie" in page
    assert "Une lettre d'intention de Lyon est jointe." in page
    # The amount in French digits (grouped by a no-break space, whichever one Babel uses).
    assert re.search(r"Un coût prévu de 20\s000,00\s\$ est financé par : Operating budget\.",
                     page)
    assert "Toronto et Lyon n'ont encore aucune relation" in page
    for english in ("outcomes with an indicator", "Alignment with City priorities",
                    "A letter of intent from Lyon", "is funded by", "have no relationship"):
        assert english not in page


def test_an_english_reviewer_reads_the_same_assessment_in_english(french_app: Flask) -> None:
    with french_app.app_context():
        staff_user("reviewer@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        request_id = submitted_request(city_user()).id
    browser = french_app.test_client()
    browser.set_cookie("language", "en")
    login(browser, "reviewer@toronto.example")
    page = _text(browser.get(f"/review/requests/{request_id}"))
    assert ("1 of 1 outcomes with an indicator and a target: “Most outcomes have an indicator "
            "and a target.” → 3 of 4") in page
    # Written as Canadians write it, not Babel's "CA$" for English at large.
    assert "An anticipated cost of $20,000.00 is funded by: Operating budget." in page


def test_reviewers_in_turn_each_read_the_stored_explanation_in_their_language(
        french_app: Flask) -> None:
    # The explanation is read once and said once per language by the worker: a French and
    # an English reviewer reading the same page in turn never see the other's words.
    with french_app.app_context():
        staff_user("relecteur@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Relecteur")
        staff_user("reviewer@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        request_id = submitted_request(city_user()).id
    readers = {}
    for language, email in (("fr_CA", "relecteur@toronto.example"),
                            ("en", "reviewer@toronto.example")):
        readers[language] = french_app.test_client()
        readers[language].set_cookie("language", language)
        login(readers[language], email)
    french, english = ("1 sur 1 résultats avec un indicateur et une cible",
                       "1 of 1 outcomes with an indicator and a target")
    for _ in range(2):
        in_french = _text(readers["fr_CA"].get(f"/review/requests/{request_id}"))
        in_english = _text(readers["en"].get(f"/review/requests/{request_id}"))
        assert french in in_french and english not in in_french
        assert english in in_english and french not in in_english


@pytest.mark.parametrize(("language", "written", "not_written"), [
    ("en", "$20,000.00", "CA$"),
    ("fr_CA", "20 000,00 $", "$CA"),
])
def test_the_answers_write_the_cost_as_the_assessment_does(
        french_app: Flask, language: str, written: str, not_written: str) -> None:
    # The summary of the city's answers and the assessment are on the same page: one amount,
    # written one way, as Canadians write it in the page's language.
    with french_app.app_context():
        staff_user("reviewer@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        request_id = submitted_request(city_user()).id
    browser = french_app.test_client()
    browser.set_cookie("language", language)
    login(browser, "reviewer@toronto.example")
    page = _text(browser.get(f"/review/requests/{request_id}"))
    assert page.count(written) >= 2  # in the answers and in the assessment
    assert not_written not in page


@pytest.mark.parametrize("typed", ['{"msgid": "%(nope)s %d", "values": {}}',
                                   '{"text": "not what was typed"}', '{"'])
def test_text_a_person_types_like_a_stored_phrase_is_read_back_as_typed(typed: str) -> None:
    stored = dump(typed)
    assert not stored.startswith('{"msgid": ')
    assert load(stored) == typed and not isinstance(load(stored), Phrase)
