"""The request page's actions: one name each, which is its address, and the words of its button."""

from __future__ import annotations

from portal.policy.lifecycle import Action
from portal.policy.page_actions import (
    ALTERNATIVES,
    DECIDING,
    PAGE_ACTION_LABELS,
    STEP_PAGE_ACTIONS,
    TASK_ORDER,
    PageAction,
)

# The addresses (``/review/requests/<id>/act/<name>``), the form prefixes and the page's
# ``id="action-<name>"`` are these words: bookmarks, browser tests and half-filled forms
# depend on them, so renaming a member must not rename its address.
ADDRESSES = {
    "claim", "assign", "start-triage", "start-review", "request-information", "recommend",
    "decline", "resume-review", "settle-category", "withdraw-consultation", "approve",
    "set-sponsor", "consult", "record-consultation", "message", "comment", "draft-agreement",
    "approve-as-to-form", "return-draft", "upload-draft", "record-signature",
    "answer-consultation",
}


def test_every_action_keeps_the_address_it_had():
    assert {action.value for action in PageAction} == ADDRESSES


def test_every_action_has_a_button_of_its_own():
    assert set(PAGE_ACTION_LABELS) == set(PageAction)
    labels = [action.label for action in PageAction]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)  # no two buttons read the same


def test_each_step_is_taken_by_the_action_of_its_name():
    # The page names a lifecycle step as the lifecycle does, hyphenated.
    for step, action in STEP_PAGE_ACTIONS.items():
        assert action.value == step.value.replace("_", "-")


def test_a_task_orders_each_of_its_actions_once():
    assert len(set(TASK_ORDER)) == len(TASK_ORDER)
    alternatives = {alt for alts in ALTERNATIVES.values() for alt in alts}
    assert set(TASK_ORDER) == set(STEP_PAGE_ACTIONS.values()) | alternatives
    assert TASK_ORDER[-1] is PageAction.DECLINE  # declining comes last


def test_only_approving_and_declining_decide():
    assert DECIDING == {PageAction.APPROVE: Action.APPROVE, PageAction.DECLINE: Action.DECLINE}
