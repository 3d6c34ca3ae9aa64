"""Name who approves and signs an agreement for the City, from settings an administrator edits.

A Partnership City is signed by the Mayor, or by the Mayor's designate when one is set. The
report also lets the City Manager sign one; the portal names the Mayor's office by default and
leaves the City Manager to a reviewer's note, because the program presents partnerships as the
Mayor's. An International Project is signed by the sponsoring division's Division Head when
the anticipated cost is within the Division Head's financial signing authority, otherwise by
the Deputy City Manager, otherwise by the City Manager; a cost equal to a limit is within it.
A project without a sponsoring division, a known cost, or a category has no signatory yet,
and the reason says what is missing. ``EXAMPLE_SIGNING_SETTINGS`` holds invented names and
example limits; the real ones are settings kept in the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from portal.policy.answers import format_cad
from portal.policy.categories import Category
from portal.policy.roles import SigningOffice


@dataclass(frozen=True)
class SigningSettings:
    """The signatories' names and the financial signing limits, as an administrator sets them."""

    mayor_name: str
    city_manager_name: str
    deputy_city_manager_name: str
    division_head_limit: Decimal
    deputy_limit: Decimal
    division_heads: Mapping[str, tuple[str, str]] = field(default_factory=dict, hash=False)
    mayor_designate_name: str | None = None
    mayor_designate_title: str | None = None

    def division_head(self, division: str) -> tuple[str, str] | None:
        """Return the (name, title) of ``division``'s head, matching the name loosely."""
        wanted = " ".join(division.casefold().split())
        for name, head in self.division_heads.items():
            if " ".join(name.casefold().split()) == wanted:
                return head
        return None


EXAMPLE_SIGNING_SETTINGS = SigningSettings(
    mayor_name="Alex Example",
    city_manager_name="Sam Example",
    deputy_city_manager_name="Robin Example",
    division_head_limit=Decimal("50000"),
    deputy_limit=Decimal("500000"),
    division_heads={
        "Economic Development and Culture": (
            "Jordan Example", "General Manager, Economic Development and Culture"
        ),
        "City Clerk's Office": ("Casey Example", "City Clerk"),
        "Environment, Climate and Forestry": (
            "Morgan Example", "General Manager, Environment, Climate and Forestry"
        ),
        "Transportation Services": ("Taylor Example", "General Manager, Transportation Services"),
    },
)
"""Example settings with invented names; an administrator replaces every value."""


@dataclass(frozen=True)
class Signatory:
    """Who approves and signs, in which office, and why."""

    office: SigningOffice
    name: str
    title: str
    reason: str


class SignatoryUnknown(ValueError):
    """Raised when the signatory cannot be named yet; the message says what is missing."""


def signing_settings_problems(settings: SigningSettings) -> list[str]:
    """Return why ``settings`` cannot be saved, one sentence per problem; empty when valid."""
    problems = [
        f"The {what} needs a name."
        for what, name in (
            ("Mayor", settings.mayor_name),
            ("City Manager", settings.city_manager_name),
            ("Deputy City Manager", settings.deputy_city_manager_name),
        )
        if not name.strip()
    ]
    limits = (settings.division_head_limit, settings.deputy_limit)
    if not all(limit.is_finite() and limit >= 0 for limit in limits):
        problems.append("Financial signing limits must be amounts of 0 or more.")
    elif settings.deputy_limit <= settings.division_head_limit:
        problems.append(
            "The Deputy City Manager's limit must be above the Division Head's "
            f"({format_cad(settings.division_head_limit)})."
        )
    for division, (name, title) in settings.division_heads.items():
        if not division.strip() or not name.strip() or not title.strip():
            problems.append(f"The Division Head of {division!r} needs a division, name and title.")
    return problems


def _partnership(settings: SigningSettings) -> Signatory:
    rule = "A Partnership City agreement is approved and signed by the Mayor"
    designate = (settings.mayor_designate_name or "").strip()
    if designate:
        return Signatory(
            SigningOffice.MAYORS_OFFICE,
            designate,
            (settings.mayor_designate_title or "").strip() or "Mayor's designate",
            f"{rule} or the Mayor's designate; a designate is set.",
        )
    return Signatory(SigningOffice.MAYORS_OFFICE, settings.mayor_name, "Mayor", f"{rule}.")


def _project(
    cost: Decimal | None, division: str | None, settings: SigningSettings
) -> Signatory:
    division = (division or "").strip()
    if not division:
        raise SignatoryUnknown(
            "An International Project needs a sponsoring division before its signatory "
            "can be named."
        )
    if cost is None or not cost.is_finite() or cost < 0:
        raise SignatoryUnknown(
            "The anticipated cost must be known to name the signatory of an International "
            "Project."
        )
    amount = format_cad(cost)
    head_limit = format_cad(settings.division_head_limit)
    if cost <= settings.division_head_limit:
        head = settings.division_head(division)
        if head is None:
            raise SignatoryUnknown(
                f"No Division Head is set for {division}; an administrator adds one in the "
                "signatory settings."
            )
        return Signatory(
            SigningOffice.DIVISION_HEAD,
            *head,
            f"The anticipated cost of {amount} is within the Division Head's financial "
            f"signing authority ({head_limit}).",
        )
    deputy_limit = format_cad(settings.deputy_limit)
    if cost <= settings.deputy_limit:
        return Signatory(
            SigningOffice.DEPUTY_CITY_MANAGER,
            settings.deputy_city_manager_name,
            "Deputy City Manager",
            f"The anticipated cost of {amount} is above the Division Head's financial signing "
            f"authority ({head_limit}) and within the Deputy City Manager's ({deputy_limit}).",
        )
    return Signatory(
        SigningOffice.CITY_MANAGER,
        settings.city_manager_name,
        "City Manager",
        f"The anticipated cost of {amount} is above the Deputy City Manager's financial "
        f"signing authority ({deputy_limit}).",
    )


def signing_authority(
    category: Category | None,
    anticipated_cost: Decimal | None,
    sponsoring_division: str | None,
    settings: SigningSettings,
) -> Signatory:
    """Return who approves and signs; raise SignatoryUnknown saying what is missing."""
    if category is Category.PARTNERSHIP_CITY:
        return _partnership(settings)
    if category is Category.INTERNATIONAL_PROJECT:
        return _project(anticipated_cost, sponsoring_division, settings)
    raise SignatoryUnknown("The category must be settled before the signatory can be named.")


def holds_authority(signatory: Signatory, office: SigningOffice | None,
                    division: str | None, sponsoring_division: str | None) -> bool:
    """Return whether someone in ``office`` (of ``division``) is the signatory named.

    A Division Head signs only for the division that sponsors the project.
    """
    if office is not signatory.office:
        return False
    if office is SigningOffice.DIVISION_HEAD:
        return bool(division) and division == sponsoring_division
    return True
