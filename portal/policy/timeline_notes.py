"""Word the notes the portal itself writes in a request's timeline, once, as phrases.

A timeline entry's note is kept in the database and read later, by staff and submitters in
either language; written as English text it could only ever be read in English. Each note is
therefore a ``Phrase`` (stored with ``PhraseText``): its values are data (a version number, a
date, a division's or a person's name, what a person typed) or phrases (a category's name),
so each reader sees the sentence in theirs. What a person types (a question, a reason, an
answer) is a value of the sentence, kept as they wrote it.
"""

from __future__ import annotations

from datetime import date

from portal.policy.phrases import N_, P_, Phrase

# The agreement's drafts ------------------------------------------------------------------

def draft_generated(version: int) -> Phrase:
    """Say that a numbered version of the draft agreement was generated."""
    return P_("Draft version %(version)s.", version=version)


def approved_as_to_form(version: int) -> Phrase:
    """Say that the City Solicitor approved a version as to form."""
    return P_("Version %(version)s approved as to form.", version=version)


def returned_with_changes(version: int) -> Phrase:
    """Say that the City Solicitor returned a version, asking for changes."""
    return P_("Version %(version)s returned with changes requested.", version=version)


def uploaded_from_word(version: int) -> Phrase:
    """Say that a version edited in Word was uploaded."""
    return P_("Version %(version)s uploaded, edited in Word.", version=version)


def signed_on(day: date) -> Phrase:
    """Say the day the agreement was signed (written in each reader's date format)."""
    return P_("Signed on %(on)s.", on=day)


# The review ------------------------------------------------------------------------------

def assigned(assignee: str, *, claimed: bool) -> Phrase:
    """Say who now holds the request: the reviewer who claimed it, or the one it was given to."""
    if claimed:
        return N_("Claimed the request.")
    return P_("Assigned to %(name)s.", name=assignee)


def conflict_declared(detail: str | None) -> Phrase:
    """Say what a reviewer declared of a conflict of interest (None: no conflict)."""
    if detail is None:
        return N_("Declared no conflict of interest.")
    return P_("Declared a conflict of interest: %(detail)s", detail=detail)


def consultation_asked(division: str, question: str) -> Phrase:
    """Say which division was asked, and the question as the reviewer wrote it."""
    return P_("Asked %(division)s: %(question)s", division=division, question=question)


def consultation_answered(division: str, answer: str) -> Phrase:
    """Say which division answered, and its answer as written."""
    return P_("%(division)s answered: %(answer)s", division=division, answer=answer)


def consultation_withdrawn(division: str, reason: str) -> Phrase:
    """Say which division's question was withdrawn, and why, as the reviewer wrote it."""
    return P_("Withdrew the question to %(division)s: %(reason)s", division=division,
              reason=reason)


def government_consulted(level: str, summary: str) -> Phrase:
    """Say which other government was consulted ("federal" or "provincial"), and what was said."""
    # One sentence per level: "federal" and "provincial" agree with their noun in French.
    if level == "federal":
        return P_("Consulted the federal government: %(summary)s", summary=summary)
    return P_("Consulted the provincial government: %(summary)s", summary=summary)


def sponsor_set(division: str, before: str | None) -> Phrase:
    """Say which division sponsors the request now, and which did before (None: none)."""
    if before is None:
        return P_("Sponsoring division: %(division)s (was none).", division=division)
    return P_("Sponsoring division: %(division)s (was %(before)s).", division=division,
              before=before)


def category_settled(category: Phrase) -> Phrase:
    """Say the category the City Clerk's Office settled (its name, a phrase)."""
    return P_("The City Clerk's Office settled the category: %(category)s.", category=category)


def signatory_chosen(name: str | None, title: str = "", reason: str = "") -> Phrase:
    """Say who signs the request and why (``name`` None: the administrator's default)."""
    if name is None:
        return N_("The administrator's default signs this request.")
    return P_("%(name)s, %(title)s, signs this request. %(reason)s", name=name, title=title,
              reason=reason)


REMINDED_OF_QUESTION = N_("Reminded the submitter of the unanswered question.")
"""The note of the reminder sent to a submitter who has not answered a question."""
