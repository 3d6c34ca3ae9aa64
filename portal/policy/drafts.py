"""Rules of a request's draft agreement: which version is approved, who downloads, repeats.

Each generation is a new numbered version; the City Solicitor approves only the newest, once;
the signed copy is recorded once. A step repeated (a double click, a form posted twice) is
refused with ``ALREADY_DONE`` instead of being done twice or failing: the first post did it.
"""

from __future__ import annotations

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
