"""Rules of a request's draft agreement: which version is approved, who downloads, repeats.

Each generation is a new numbered version; the City Solicitor approves only the newest, once;
the signed copy is recorded once; staff who read every version compare any two. A step
repeated (a double click, a form posted twice) is refused with ``ALREADY_DONE`` instead of
being done twice or failing: the first post did it.

The Solicitor's round-trip: instead of approving the newest version, the Solicitor may return
it with changes requested (a comment is required); a returned version is never approved, and
the reviewer then holds the step until a new version answers the changes. The reviewer or the
Solicitor may upload an edited Word file as the next version: a real .docx within the size
limit, never a macro-enabled or old-format (.doc) file, which can carry macros.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from portal.policy.lifecycle import Action, Status, can
from portal.policy.phrases import N_, P_, Phrase
from portal.policy.roles import Role

ALREADY_DONE = "This was already done"
"""How each refusal of a repeated step begins in English, by which the services tell a repeat;
each such sentence is a whole msgid, so its French need not begin the same way."""


class DraftSource(StrEnum):
    """Where a version of the draft came from."""

    GENERATED = "generated"
    UPLOADED = "uploaded"


UPLOADERS = frozenset({Role.CCO_REVIEWER, Role.SOLICITOR})
"""Who may bring back an edited Word file as the next version: the reviewer drafting the
agreement and the Solicitor reading it."""

RETURNERS = frozenset({Role.SOLICITOR})
"""Who may return a version with changes requested: the one who approves it as to form."""

MACRO_EXTENSIONS = frozenset({".docm", ".dotm", ".doc", ".dot"})
"""Names of Word formats that can carry macros, refused whatever the content says."""

RETURN_COMMENT_MAX = 4000
"""The longest comment the Solicitor may write on a returned version."""


def drafting_refusal(role: Role, status: Status) -> Phrase | None:
    """Return why someone of ``role`` may not draft the agreement now; None if they may.

    The agreement details form is the first step of drafting: it opens to whoever may
    generate a version, when they may.
    """
    if can(status, Action.DRAFT_AGREEMENT, role):
        return None
    if can(status, Action.DRAFT_AGREEMENT, Role.CCO_REVIEWER):
        return N_("Only the City Clerk's Office drafts agreements.")
    return P_("A draft agreement is made once the request is approved, and this one is "
              "%(status)s.", status=status.in_sentence)


def generation_refusal(seen_version: int | None, newest_version: int) -> Phrase | None:
    """Return why a new draft is not generated: the page showed an older newest version.

    The form says which version was newest when the page was shown; if a version has been
    generated since, this post repeats a click that has already made one.
    """
    if seen_version is not None and seen_version != newest_version:
        return P_("This was already done: version %(version)s of the draft was generated "
                  "since this page was shown.", version=newest_version)
    return None


def approval_refusal(version: int, newest_version: int, approved_version: int | None,
                     returned: bool = False) -> Phrase | None:
    """Return why the Solicitor may not approve ``version`` as to form, or None.

    Only the newest version, and only once: an approval already given is not given again.
    A version the Solicitor returned with changes is not approved: a new one answers them.
    """
    if approved_version is not None:
        return P_("This was already done: version %(version)s is approved as to form.",
                  version=approved_version)
    if version != newest_version:
        return P_("Only the newest draft (version %(version)s) can be approved as to form.",
                  version=newest_version)
    if returned:
        return P_("Version %(version)s was returned with changes requested: a new version "
                  "must answer them before one is approved as to form.", version=version)
    return None


def return_refusal(version: int, newest_version: int, approved_version: int | None,
                   returned: bool) -> Phrase | None:
    """Return why the Solicitor may not return ``version`` with changes requested, or None.

    Only the newest version, not yet approved, and once: a second post repeats the first.
    """
    if approved_version is not None:
        return P_("Version %(version)s is approved as to form: it is no longer returned "
                  "with changes.", version=approved_version)
    if version != newest_version:
        return P_("Only the newest draft (version %(version)s) can be returned with changes.",
                  version=newest_version)
    if returned:
        return P_("This was already done: version %(version)s was returned with changes "
                  "requested.", version=version)
    return None


def may_return(role: Role, status: Status, newest_returned: bool) -> bool:
    """Return whether ``role`` may return the newest version now (no approval yet)."""
    return (role in RETURNERS and status is Status.AGREEMENT_DRAFTED
            and not newest_returned)


def upload_refusal(role: Role, status: Status, newest_version: int,
                   seen_version: int | None) -> Phrase | None:
    """Return why an edited Word file is not taken as the next version, or None.

    Only the reviewer or the Solicitor, while a drafted agreement awaits approval as to form
    (once approved, the approved version is the one signed). ``seen_version`` is the newest
    version the page showed: a post that saw an older one repeats an upload already made.
    """
    if role not in UPLOADERS:
        return N_("Only the City Clerk's Office or the City Solicitor uploads an edited "
                  "version of the draft.")
    if status is not Status.AGREEMENT_DRAFTED or newest_version == 0:
        return N_("An edited version is uploaded once a draft is generated and before one is "
                  "approved as to form.")
    if seen_version is not None and seen_version != newest_version:
        return P_("This was already done: version %(version)s of the draft was made since "
                  "this page was shown.", version=newest_version)
    return None


def may_upload(role: Role, status: Status, newest_version: int) -> bool:
    """Return whether ``role`` may upload an edited version now."""
    return upload_refusal(role, status, newest_version, None) is None


def awaits_revision(status: Status, newest_returned: bool) -> bool:
    """Return whether the reviewer, not the Solicitor, holds the draft: it was returned."""
    return status is Status.AGREEMENT_DRAFTED and newest_returned


@dataclass(frozen=True)
class EditedFile:
    """What was read from an uploaded edited draft, for the rule to judge it."""

    extension: str
    """The name's extension, lower case with its dot ("" when it has none)."""
    size: int
    kind: str
    """"docx" (a zip with word/document.xml), "doc" (the older binary format) or "other"."""
    macros: bool
    """Whether the archive holds a macro project or declares itself macro-enabled."""
    unpack_problem: str | None = None
    """Why the archive unpacks beyond the limits (a zip bomb), if it does."""


def edited_file_refusal(found: EditedFile, max_bytes: int) -> str | None:
    """Return why an uploaded edited draft is refused, in words for the field, or None."""
    if found.size == 0:
        return N_("The selected file is empty")
    if found.size > max_bytes:
        return P_("The selected file must be smaller than %(size)s MB",
                  size=max_bytes // 1_000_000)
    if found.macros or found.extension in MACRO_EXTENSIONS or found.kind == "doc":
        return N_("The selected file can hold macros (a .docm or .doc file): save it in Word "
                  "as a Word Document (.docx) and upload that")
    if found.unpack_problem is not None:
        return found.unpack_problem
    if found.kind != "docx":
        return N_("The selected file must be a Word document (.docx)")
    return None


def signature_refusal(already_signed: bool, approved: bool) -> Phrase | None:
    """Return why the signed copy cannot be recorded: recorded already, or nothing approved."""
    if already_signed:
        return N_("This was already done: the signed agreement is recorded.")
    if not approved:
        return N_("The City Solicitor must approve a draft as to form first.")
    return None


def may_download(is_submitting_party: bool, is_staff: bool, approved: bool) -> bool:
    """Return whether a person may download a draft version.

    The request's own party (its city or filing division) sees only the version approved as
    to form, which is what it will sign; City staff see every version.
    """
    if is_submitting_party:
        return approved
    return is_staff


def may_compare(is_submitting_party: bool, is_staff: bool) -> bool:
    """Return whether a person may compare versions of a draft.

    A comparison shows every version it is made of, so only those who may read every
    version may ask for one: City staff who see the request. The request's own party reads
    only the approved version, and so compares nothing.
    """
    return may_download(is_submitting_party, is_staff, approved=False)


def version_refusal(version: int | None, versions: Collection[int]) -> Phrase | None:
    """Return why ``version`` cannot be compared: not a number, or no such version."""
    if version is None:
        return N_("Choose a version number from the list.")
    if version not in versions:
        return P_("There is no version %(version)s of this draft.", version=version)
    return None


def pair_refusal(first: int, second: int) -> Phrase | None:
    """Return why two versions cannot be compared: they are the same one."""
    if first == second:
        return N_("Choose two different versions to compare.")
    return None


def compared_pair(first: int, second: int) -> tuple[int, int]:
    """Return the two versions as (earlier, later): the later is read against the earlier.

    Whichever way round they are chosen, the changes read forward in time, as a lawyer
    reads a redline.
    """
    return min(first, second), max(first, second)


def default_pair(versions: Collection[int]) -> tuple[int, int] | None:
    """Return the versions a comparison opens on, the two newest, or None with fewer than two."""
    newest = sorted(versions)[-2:]
    return (newest[0], newest[1]) if len(newest) == 2 else None
