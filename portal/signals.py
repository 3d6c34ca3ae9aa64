"""Announce what happened in one feature so that another can act on it without an import.

A lower package sends ("the invitation is accepted"); the package that cares connects a
receiver in its own services module, which the app imports when it registers that package's
blueprint. The sender never imports the receiver, so the feature packages keep their order
(``tests/test_architecture.py``).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

invitation_accepted = _signals.signal("invitation-accepted", doc="""
The holder of an invitation has chosen a password; the sender is their ``User``.
``portal.representatives`` verifies the city link the inviting representative vouched for.
""")
