"""Say when an administrator may switch an account off or on again."""

from __future__ import annotations

from portal.policy.phrases import N_, Phrase


def deactivation_refusal(actor_id: int, account_id: int, *, active: bool) -> Phrase | None:
    """Return why the administrator ``actor_id`` may not deactivate ``account_id``, or None.

    An administrator never switches off their own account: the portal would be left with
    nobody able to switch it on again, and the session doing it would end mid-page.
    """
    if actor_id == account_id:
        return N_("You cannot deactivate your own account.")
    if not active:
        return N_("This account is already deactivated.")
    return None


def reactivation_refusal(*, active: bool) -> Phrase | None:
    """Return why an account may not be reactivated, or None when it may."""
    return N_("This account is already active.") if active else None
