"""What a reviewer is shown to confirm before a version: the newest version's, else today's."""

from __future__ import annotations

from portal.policy.parties import CONFIRMED_DETAILS, proposed_details

RECITAL = "…by the head of the lead division…"
CURRENT = {**{name: "" for name in CONFIRMED_DETAILS}, "authority_recital": RECITAL,
           "counterpart_legal_name": "Ville de Lyon", "signatory_name": "Harper Head",
           "signatory_title": "General Manager", "objectives": ["Exchange designers"],
           "start_date": "2027-09-01"}
ASKED = {"city_coordinator_address": "", "counterpart_coordinator_address": "1 place\nLyon",
         "contact_name": "Marie Dupont", "contact_title": "Adjointe",
         "contact_email": "marie@lyon.example"}


def test_before_any_version_the_request_and_its_contact_as_coordinator():
    shown = proposed_details(CURRENT, ASKED, None)
    assert shown["counterpart_legal_name"] == "Ville de Lyon"
    assert shown["counterpart_coordinator_address"] == "1 place\nLyon"  # as typed
    assert (shown["counterpart_coordinator_name"], shown["counterpart_coordinator_email"]) == (
        "Marie Dupont", "marie@lyon.example")
    assert shown["counterpart_signatory_name"] == ""  # the contact never signs


def test_a_later_version_starts_from_what_the_last_confirmed():
    newest = {**CURRENT, "counterpart_legal_name": "Métropole de Lyon",
              "signatory_name": "Acting Head", "counterpart_coordinator_address": "1 place, Lyon"}
    shown = proposed_details(CURRENT, ASKED, newest)
    assert shown["counterpart_legal_name"] == "Métropole de Lyon"
    assert shown["signatory_name"] == "Acting Head"
    assert shown["counterpart_coordinator_address"] == "1 place, Lyon"
    assert shown["counterpart_coordinator_name"] == ""  # confirmed empty is not refilled


def test_a_new_signing_office_shows_its_own_signatory_not_the_last_versions():
    newest = {**CURRENT, "authority_recital": "…by the Mayor…", "signatory_name": "Morgan Mayor",
              "signatory_title": "Mayor", "counterpart_legal_name": "Métropole de Lyon"}
    shown = proposed_details(CURRENT, ASKED, newest)
    assert (shown["signatory_name"], shown["signatory_title"]) == ("Harper Head",
                                                                   "General Manager")
    assert shown["counterpart_legal_name"] == "Métropole de Lyon"
