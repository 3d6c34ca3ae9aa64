"""Build each person's home page: one section per inbox their role has, with its count.

The inboxes, their order and what each holds are the policy's (``policy.inbox``); this
module fetches their entries and what a person reads about each: a signing authority the
recommendation, score, signatory reason and risks; the City Solicitor the newest version
of each draft, who generated it and what changed since the version before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from portal.assessment.facts import read_consultations_of
from portal.extensions import db
from portal.home import queries
from portal.home.queries import Listing
from portal.models import AgreementDraft, EngagementRequest, User
from portal.policy.inbox import INBOXES, DraftChanges, Inbox, changed_terms
from portal.review.briefs import decision_brief


@dataclass(frozen=True)
class DraftEntry:
    """The newest version of a draft agreement and what it changed."""

    req: EngagementRequest
    draft: AgreementDraft
    changes: DraftChanges


@dataclass(frozen=True)
class Section:
    """One inbox on a home page: its entries and how many there are in all."""

    inbox: Inbox
    listing: Listing[Any]

    @property
    def count(self) -> int:
        """Return how many entries the inbox holds, listed or not."""
        return self.listing.count


@dataclass(frozen=True)
class HomePage:
    """A person's home: the sections of their role, in the order they act on them."""

    sections: list[Section]

    def section(self, inbox: Inbox) -> Section | None:
        """Return the section of ``inbox``, if this home has it."""
        return next((s for s in self.sections if s.inbox is inbox), None)


def _decisions(user: User) -> Listing[Any]:
    found = queries.awaiting_decision(user)
    return Listing(found.count, [decision_brief(req) for req in found.entries])


def _drafts(user: User) -> Listing[DraftEntry]:
    found = queries.drafts_awaiting_form()
    entries = []
    for draft in found.entries:
        req = db.session.get(EngagementRequest, draft.request_id)
        assert req is not None  # a draft's request is never deleted
        changes = changed_terms(queries.previous_terms(draft), draft.terms)
        entries.append(DraftEntry(req, draft, changes))
    return Listing(found.count, entries)


BUILDERS: dict[Inbox, Callable[[User], Listing[Any]]] = {
    Inbox.AWAITING_DECISION: _decisions,
    Inbox.DRAFTS_AWAITING_FORM: _drafts,
    Inbox.CONSULTATIONS: queries.consultations_awaiting,
    Inbox.ASSIGNED_TO_ME: queries.assigned_to,
    Inbox.UNASSIGNED: queries.unassigned,
    Inbox.ACTION_NEEDED: queries.action_needed,
}
"""How each inbox's entries are found."""


LISTS_REQUESTS = frozenset({Inbox.ASSIGNED_TO_ME, Inbox.UNASSIGNED, Inbox.ACTION_NEEDED})
"""The inboxes listing requests, each with its next step (``home.routes.listed_step_of``)."""


def home_page(user: User) -> HomePage:
    """Return ``user``'s home: each inbox of their role with its entries and count."""
    sections = [Section(inbox, BUILDERS[inbox](user)) for inbox in INBOXES[user.role_enum]]
    listed = [req for s in sections if s.inbox in LISTS_REQUESTS for req in s.listing.entries]
    # Each entry's next step reads its open consultations and its drafts: read here for
    # every entry at once (an inbox of fifty read them one request at a time).
    read_consultations_of(listed)
    AgreementDraft.read_of_requests(listed)
    return HomePage(sections)
