"""Check the draft rules: newest version only, once; repeats are done; downloads; comparisons."""

from __future__ import annotations

from dataclasses import replace

import pytest

from portal.policy.drafts import (
    ALREADY_DONE,
    UPLOADERS,
    EditedFile,
    approval_refusal,
    awaits_revision,
    compared_pair,
    default_pair,
    edited_file_refusal,
    generation_refusal,
    may_compare,
    may_download,
    may_return,
    may_upload,
    pair_refusal,
    return_refusal,
    signature_refusal,
    upload_refusal,
    version_refusal,
)
from portal.policy.lifecycle import Status
from portal.policy.roles import Role


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
# The Solicitor's round-trip ------------------------------------------------------------------

def test_a_returned_version_is_not_approved_but_a_newer_one_is() -> None:
    assert approval_refusal(2, 2, None, returned=True) == (
        "Version 2 was returned with changes requested: a new version must answer them "
        "before one is approved as to form.")
    assert approval_refusal(3, 3, None, returned=False) is None


@pytest.mark.parametrize(("version", "newest", "approved", "returned", "expected"), [
    (2, 2, None, False, None),
    (1, 2, None, False, "Only the newest draft (version 2) can be returned with changes."),
    (2, 2, None, True, f"{ALREADY_DONE}: version 2 was returned with changes requested."),
    (2, 2, 2, False, "Version 2 is approved as to form: it is no longer returned with changes."),
])
def test_only_the_newest_unapproved_version_is_returned_once(
        version, newest, approved, returned, expected) -> None:
    assert return_refusal(version, newest, approved, returned) == expected


@pytest.mark.parametrize("role", list(Role))
def test_only_the_solicitor_returns_a_drafted_agreement(role: Role) -> None:
    assert may_return(role, Status.AGREEMENT_DRAFTED, False) is (role is Role.SOLICITOR)
    assert may_return(role, Status.AGREEMENT_DRAFTED, True) is False
    assert may_return(role, Status.APPROVED_AS_TO_FORM, False) is False


@pytest.mark.parametrize("role", list(Role))
def test_the_reviewer_and_the_solicitor_upload_while_drafted(role: Role) -> None:
    assert may_upload(role, Status.AGREEMENT_DRAFTED, 1) is (role in UPLOADERS)
    assert may_upload(role, Status.APPROVED_AS_TO_FORM, 1) is False
    assert may_upload(role, Status.APPROVED, 0) is False
    assert UPLOADERS == {Role.CCO_REVIEWER, Role.SOLICITOR}


def test_a_second_post_of_the_same_upload_is_already_done() -> None:
    assert upload_refusal(Role.CCO_REVIEWER, Status.AGREEMENT_DRAFTED, 2, 2) is None
    assert upload_refusal(Role.CCO_REVIEWER, Status.AGREEMENT_DRAFTED, 3, 2) == (
        f"{ALREADY_DONE}: version 3 of the draft was made since this page was shown.")


def test_a_returned_draft_awaits_the_reviewers_revision() -> None:
    assert awaits_revision(Status.AGREEMENT_DRAFTED, True)
    assert not awaits_revision(Status.AGREEMENT_DRAFTED, False)
    assert not awaits_revision(Status.APPROVED_AS_TO_FORM, True)


LIMIT = 10_000_000
GOOD = EditedFile(".docx", 5_000, "docx", macros=False)


@pytest.mark.parametrize(("found", "expected"), [
    (GOOD, None),
    (replace(GOOD, size=0), "The selected file is empty"),
    (replace(GOOD, size=LIMIT + 1), "The selected file must be smaller than 10 MB"),
    (replace(GOOD, macros=True), "can hold macros"),
    (replace(GOOD, extension=".docm"), "can hold macros"),
    (replace(GOOD, extension=".doc", kind="doc"), "can hold macros"),
    (replace(GOOD, kind="doc"), "can hold macros"),  # an old .doc renamed .docx
    (replace(GOOD, kind="other"), "must be a Word document (.docx)"),
    (replace(GOOD, unpack_problem="It unpacks to too much."), "It unpacks to too much."),
])
def test_an_edited_file_is_judged_by_its_content(found: EditedFile, expected) -> None:
    refused = edited_file_refusal(found, LIMIT)
    assert (refused is None) if expected is None else (expected in (refused or ""))
