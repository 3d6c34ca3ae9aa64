"""Check the draft rules: newest version only, once; repeats are done; downloads; comparisons."""

from __future__ import annotations

import pytest

from portal.policy.drafts import (
    ALREADY_DONE,
    approval_refusal,
    compared_pair,
    default_pair,
    generation_refusal,
    may_compare,
    may_download,
    pair_refusal,
    signature_refusal,
    version_refusal,
)


def test_a_second_click_on_generate_is_already_done() -> None:
    assert generation_refusal(0, 0) is None
    assert generation_refusal(None, 3) is None  # a post that does not say (the command line)
    assert generation_refusal(0, 1) == (f"{ALREADY_DONE}: version 1 of the draft was "
                                        "generated since this page was shown.")


@pytest.mark.parametrize(("version", "newest", "approved", "expected"), [
    (2, 2, None, None),
    (1, 2, None, "Only the newest draft (version 2) can be approved as to form."),
    (2, 2, 2, f"{ALREADY_DONE}: version 2 is approved as to form."),
])
def test_only_the_newest_draft_is_approved_once(version, newest, approved, expected) -> None:
    assert approval_refusal(version, newest, approved) == expected


def test_the_signed_copy_is_recorded_once_after_approval() -> None:
    assert signature_refusal(False, True) is None
    assert signature_refusal(True, True) == f"{ALREADY_DONE}: the signed agreement is recorded."
    assert signature_refusal(False, False) == ("The City Solicitor must approve a draft as to "
                                               "form first.")


@pytest.mark.parametrize(("party", "staff", "approved", "allowed"), [
    (True, False, False, False), (True, False, True, True),
    (False, True, False, True), (False, False, True, False),
])
def test_who_may_download_a_draft(party, staff, approved, allowed) -> None:
    assert may_download(party, staff, approved) is allowed


@pytest.mark.parametrize(("party", "staff", "expected"), [
    (False, True, True),    # a reviewer, a signatory, the Solicitor
    (True, True, False),    # the division that filed the proposal: it reads the approved only
    (True, False, False),   # the city that filed the request
    (False, False, False),  # another city
])
def test_only_staff_who_read_every_version_compare_them(party, staff, expected) -> None:
    assert may_compare(party, staff) is expected
    # Whoever compares could download every version the comparison shows.
    assert may_compare(party, staff) == (may_download(party, staff, approved=False)
                                         and may_download(party, staff, approved=True))


def test_a_comparison_needs_two_different_versions_that_exist() -> None:
    assert version_refusal(2, {1, 2}) is None
    assert version_refusal(3, {1, 2}) == "There is no version 3 of this draft."
    assert version_refusal(None, {1, 2}) == "Choose a version number from the list."
    assert pair_refusal(1, 2) is None
    assert pair_refusal(2, 2) == "Choose two different versions to compare."


def test_a_comparison_reads_forward_and_opens_on_the_two_newest() -> None:
    assert compared_pair(3, 1) == compared_pair(1, 3) == (1, 3)
    assert default_pair({1, 2, 3}) == (2, 3)
    assert default_pair({4}) is None
    assert default_pair(set()) is None
