"""What a reviewer is told changed since their page was drawn reads as before, as phrases."""

from __future__ import annotations

from portal.policy import changed_since
from portal.policy.phrases import Phrase


def test_a_score_changed_by_someone_says_who_the_score_and_why() -> None:
    said = changed_since.score_changed(3, "Rosa Reviewer", "Twinned schools since 2010.")
    assert said == ("Rosa Reviewer changed this score to 3 of 4 since you opened the page: "
                    "\u201cTwinned schools since 2010.\u201d")
    unknown = changed_since.score_changed(3, None, "x")
    assert unknown.startswith("Another reviewer changed") and isinstance(
        unknown.values["who"], Phrase)
    assert changed_since.score_changed(None, None, "") == (
        "The request changed since you opened it; this score was not changed.")


def test_the_concern_and_the_signatory_are_said_as_they_are_now() -> None:
    assert changed_since.concern_changed("") == (
        "The request changed since you opened it; no concern is recorded now.")
    assert changed_since.concern_changed("Press.") == (
        "The request changed since you opened it. The concern recorded now reads: "
        "\u201cPress.\u201d")
    assert changed_since.signatory_changed(None) == "The request changed since you opened it."
    assert changed_since.signatory_changed("Morgan Mayor", "Mayor") == (
        "The request changed since you opened it. Morgan Mayor, Mayor, signs it now.")
