"""Rules of a request's draft agreement: which version is approved, who downloads, repeats.

Each generation is a new numbered version; the City Solicitor approves only the newest, once;
the signed copy is recorded once; staff who read every version compare any two. A step
repeated (a double click, a form posted twice) is refused with ``ALREADY_DONE`` instead of
being done twice or failing: the first post did it.
"""

from __future__ import annotations

from collections.abc import Collection

ALREADY_DONE = "This was already done"


def generation_refusal(seen_version: int | None, newest_version: int) -> str | None:
    """Return why a new draft is not generated: the page showed an older newest version.

    The form says which version was newest when the page was shown; if a version has been
    generated since, this post repeats a click that has already made one.
    """
    if seen_version is not None and seen_version != newest_version:
        return (f"{ALREADY_DONE}: version {newest_version} of the draft was generated since "
                "this page was shown.")
    return None


def approval_refusal(version: int, newest_version: int,
                     approved_version: int | None) -> str | None:
    """Return why the Solicitor may not approve ``version`` as to form, or None.

    Only the newest version, and only once: an approval already given is not given again.
    """
    if approved_version is not None:
        return f"{ALREADY_DONE}: version {approved_version} is approved as to form."
    if version != newest_version:
        return f"Only the newest draft (version {newest_version}) can be approved as to form."
    return None


def signature_refusal(already_signed: bool, approved: bool) -> str | None:
    """Return why the signed copy cannot be recorded: recorded already, or nothing approved."""
    if already_signed:
        return f"{ALREADY_DONE}: the signed agreement is recorded."
    if not approved:
        return "The City Solicitor must approve a draft as to form first."
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


def version_refusal(version: int | None, versions: Collection[int]) -> str | None:
    """Return why ``version`` cannot be compared: not a number, or no such version."""
    if version is None:
        return "Choose a version number from the list."
    if version not in versions:
        return f"There is no version {version} of this draft."
    return None


def pair_refusal(first: int, second: int) -> str | None:
    """Return why two versions cannot be compared: they are the same one."""
    if first == second:
        return "Choose two different versions to compare."
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
