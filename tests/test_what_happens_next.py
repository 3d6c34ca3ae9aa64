"""The city reads what happens next to its request first, and withdrawing it last.

"What happens next" comes from the same policy as the staff page's summary, in the city's
words: it never names the file's internal side. The answer form follows it when the city
must answer; the button to withdraw is last, and leads to a confirmation page.
"""
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest

from tests.conftest import login

# The ``people`` and ``solicitor`` fixtures are shared; pytest injects them by name, which
# ruff reads as a redefinition.
from tests.test_request_page import EDC, request_in, solicitor, text_of  # noqa: F401
from tests.test_review import people  # noqa: F401


def test_the_city_reads_what_happens_next_before_the_button_to_withdraw(
        client, people, solicitor):
    req = request_in("in_review_consulted", people, solicitor)
    login(client, people["city"].email)
    page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    said = text_of(page)
    assert "What happens next The City Clerk's Office is reviewing your request." in said
    assert "Who acts now: The City Clerk's Office" in said
    assert EDC not in said and "consult" not in said.lower()  # consultations are internal
    assert page.index("What happens next") < page.index("Withdraw this request")
    withdraw = page[page.index('id="withdraw-title"'):]
    # A secondary button to the confirmation page, not the red one.
    assert re.search(rf'class="button button-secondary" href="/requests/{req.id}/withdraw"',
                     withdraw)
    assert "button-warning" not in page


def test_the_city_that_must_answer_is_told_so_and_finds_the_form_next(
        client, people, solicitor):
    req = request_in("information_requested", people, solicitor)
    login(client, people["city"].email)
    page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    said = text_of(page)
    assert "Who acts now: You" in said
    assert "Answer the question from the City Clerk's Office." in said
    assert (page.index("What happens next") < page.index(f'action="/requests/{req.id}/answer"')
            < page.index("What has happened") < page.index("Withdraw this request"))


@pytest.mark.parametrize(("name", "told"), [
    ("approved", "Your request is approved. The City Clerk's Office is preparing the draft"),
    ("agreement_drafted", "The City Solicitor is checking that the draft agreement"),
    ("signed", "Your agreement is signed and recorded in the City's registry"),
    ("declined", "Your request was declined"),
])
def test_the_city_is_told_what_happens_after_the_decision(client, people, solicitor, name,
                                                          told):
    req = request_in(name, people, solicitor)
    login(client, people["city"].email)
    said = text_of(client.get(f"/requests/{req.id}").get_data(as_text=True))
    assert told in said
    assert "Withdraw this request" not in said
