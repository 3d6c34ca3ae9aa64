"""Build the IAP Portal application: ``create_app()`` is the one entry point.

Importing this package does no work, so ``portal.policy`` stays cheap to import from
docgen or a batch job; the heavy imports live inside ``create_app``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure the portal; ``config`` overrides every other setting."""
    from portal.app import build_app

    return build_app(config)
