"""Share column helpers between the models."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time in UTC, as every timestamp is stored."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_values(enum_class: type) -> list[str]:
    """Return the stored values of a StrEnum, for a CHECK constraint."""
    return [member.value for member in enum_class]


def in_list(column: str, values: list[str]) -> str:
    """Return SQL that holds when ``column`` is one of ``values``."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"
