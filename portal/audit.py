"""Write audit entries for changes to accounts and settings."""

from __future__ import annotations

from typing import Any

from portal.extensions import db
from portal.models import AuditEntry, User


def record(actor: User | None, action: str, subject: str, **detail: Any) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``subject``; ``detail`` says what changed."""
    entry = AuditEntry(actor_id=actor.id if actor else None, action=action, subject=subject,
                       detail=detail)
    db.session.add(entry)
    return entry
