"""Check the draft rules: newest version only, once; a repeat is already done; downloads."""

from __future__ import annotations

import pytest

from portal.policy.drafts import (
    ALREADY_DONE,
    approval_refusal,
    generation_refusal,
    may_download,
    signature_refusal,
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
