"""The portal's own timeline notes are phrases: English text, with a msgid and its values."""

from __future__ import annotations

from datetime import date

from portal.policy import timeline_notes as notes
from portal.policy.categories import Category
from portal.policy.phrases import Phrase


def test_each_note_reads_in_english_and_keeps_its_values_as_data() -> None:
    signed = notes.signed_on(date(2027, 3, 3))
    assert signed == "Signed on 2027-03-03." and signed.values["on"] == date(2027, 3, 3)
    assert notes.draft_generated(2) == "Draft version 2."
    assert notes.assigned("Remy Reviewer", claimed=False) == "Assigned to Remy Reviewer."
    assert notes.assigned("Remy Reviewer", claimed=True) == "Claimed the request."
    assert notes.sponsor_set("EDC", None) == "Sponsoring division: EDC (was none)."
    assert notes.sponsor_set("EDC", "CMO") == "Sponsoring division: EDC (was CMO)."
    assert notes.conflict_declared(None) == "Declared no conflict of interest."


def test_a_category_is_kept_as_its_phrase_so_it_is_translated_too() -> None:
    settled = notes.category_settled(Category.INTERNATIONAL_PROJECT.label)
    assert settled == "The City Clerk's Office settled the category: International Project."
    assert isinstance(settled.values["category"], Phrase)


def test_what_a_person_typed_is_a_value_never_the_sentence() -> None:
    typed = "%(nope)s %d"
    asked = notes.consultation_asked("EDC", typed)
    assert asked.msgid == "Asked %(division)s: %(question)s"
    assert asked == f"Asked EDC: {typed}"


def test_each_level_of_government_has_its_own_sentence() -> None:
    federal = notes.government_consulted("federal", "No objection.")
    provincial = notes.government_consulted("provincial", "No objection.")
    assert federal == "Consulted the federal government: No objection."
    assert provincial == "Consulted the provincial government: No objection."
