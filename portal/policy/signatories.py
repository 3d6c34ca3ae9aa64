"""Name who approves and signs an agreement for the City, from settings an administrator edits.

A Partnership City is signed by the Mayor, or by the Mayor's designate when one is set, or by
the City Manager: the adopted report allows either. An administrator chooses the default for
each kind of request (a new partnership, a renewal, a promotion from a project) and a reviewer
may choose for one request; the choice is recorded on the request. An International Project
is signed by the sponsoring division's Division Head when the anticipated cost is within
the Division Head's financial signing authority, otherwise by the Deputy City Manager over
the sponsoring division's service area, otherwise by the City Manager; a cost equal to a
limit is within it. The City has several Deputy City Managers, each
over the divisions of a service area; with none configured, the one named
``deputy_city_manager_name`` serves every division (the settings of earlier versions).
A Deputy City Manager's account is matched to its service area by the account's division
(one of the area's divisions), or, for an account without a division, by its name.
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
from portal.policy.lifecycle import Status
from portal.policy.refusals import Refused
from portal.policy.review import ASSESSING
from portal.policy.roles import Role, SigningOffice

PARTNERSHIP_OFFICES = (SigningOffice.MAYORS_OFFICE, SigningOffice.CITY_MANAGER)
"""The offices the report allows to sign a Partnership City agreement."""

REQUEST_KINDS = ("new", "renewal", "promotion")
"""The kinds of request an administrator sets a default partnership signatory for."""


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


@dataclass(frozen=True)
class DeputyCityManager:
    """A Deputy City Manager and the divisions of their service area."""

    name: str
    service_area: str
    divisions: tuple[str, ...] = ()

    def oversees(self, division: str | None) -> bool:
        """Return whether ``division`` is in this Deputy City Manager's service area."""
        wanted = _fold(division)
        return bool(wanted) and any(_fold(d) == wanted for d in self.divisions)


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
    deputies: tuple[DeputyCityManager, ...] = ()
    partnership_defaults: Mapping[str, str] = field(default_factory=dict, hash=False)

    def deputy_over(self, division: str | None) -> DeputyCityManager | None:
        """Return the Deputy City Manager whose service area holds ``division``, if any."""
        return next((d for d in self.deputies if d.oversees(division)), None)

    def partnership_office(self, kind: str) -> SigningOffice:
        """Return the office that signs a partnership of ``kind`` by default (the Mayor's)."""
        chosen = self.partnership_defaults.get(kind)
        return (SigningOffice(chosen) if chosen in {o.value for o in PARTNERSHIP_OFFICES}
                else SigningOffice.MAYORS_OFFICE)

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
    divisions: tuple[str, ...] = ()
    """For a Deputy City Manager, the divisions of their service area."""


class SignatoryUnknown(Refused, ValueError):
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
    seen: dict[str, str] = {}
    for deputy in settings.deputies:
        if not deputy.name.strip() or not deputy.service_area.strip() or not deputy.divisions:
            problems.append("Each Deputy City Manager needs a name, a service area and its "
                            "divisions.")
        for division in deputy.divisions:
            other = seen.setdefault(_fold(division), deputy.name)
            if other != deputy.name:
                problems.append(f"{division} is in the service areas of both {other} and "
                                f"{deputy.name}; a division has one Deputy City Manager.")
    for kind, office in settings.partnership_defaults.items():
        if kind not in REQUEST_KINDS or office not in {o.value for o in PARTNERSHIP_OFFICES}:
            problems.append("A Partnership City is signed by the Mayor or designate, or the "
                            "City Manager.")
    for division, (name, title) in settings.division_heads.items():
        if not division.strip() or not name.strip() or not title.strip():
            problems.append(f"The Division Head of {division!r} needs a division, name and title.")
    return problems


def _partnership(settings: SigningSettings, office: SigningOffice | None, kind: str,
                 ) -> Signatory:
    rule = "A Partnership City agreement is approved and signed by the Mayor"
    if office is None:
        office = settings.partnership_office(kind)
        why = f"the default for a {kind} partnership" if kind in REQUEST_KINDS else "the default"
    else:
        why = "chosen for this request"
    if office is SigningOffice.CITY_MANAGER:
        return Signatory(SigningOffice.CITY_MANAGER, settings.city_manager_name, "City Manager",
                         f"{rule} or designate, or the City Manager; the City Manager is {why}.")
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
        within = (f"The anticipated cost of {amount} is above the Division Head's financial "
                  f"signing authority ({head_limit}) and within the Deputy City Manager's "
                  f"({deputy_limit})")
        if not settings.deputies:
            return Signatory(SigningOffice.DEPUTY_CITY_MANAGER,
                             settings.deputy_city_manager_name, "Deputy City Manager",
                             f"{within}.")
        deputy = settings.deputy_over(division)
        if deputy is None:
            raise SignatoryUnknown(
                f"No Deputy City Manager's service area includes {division}; an "
                "administrator adds it in the signatory settings.")
        return Signatory(
            SigningOffice.DEPUTY_CITY_MANAGER, deputy.name,
            f"Deputy City Manager, {deputy.service_area}",
            f"{within}; {division} is in the {deputy.service_area} service area.",
            divisions=deputy.divisions)
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
    partnership_office: SigningOffice | None = None,
    kind: str = "new",
) -> Signatory:
    """Return who approves and signs; raise SignatoryUnknown saying what is missing.

    ``partnership_office`` is the office a reviewer chose for this request (None: the
    administrator's default for ``kind``, one of ``REQUEST_KINDS``).
    """
    if category is Category.PARTNERSHIP_CITY:
        return _partnership(settings, partnership_office, kind)
    if category is Category.INTERNATIONAL_PROJECT:
        return _project(anticipated_cost, sponsoring_division, settings)
    raise SignatoryUnknown("The category must be settled before the signatory can be named.")


def holds_authority(signatory: Signatory, office: SigningOffice | None,
                    division: str | None, sponsoring_division: str | None,
                    name: str | None = None) -> bool:
    """Return whether someone in ``office`` (of ``division``, called ``name``) is the one named.

    A Division Head signs only for the division that sponsors the project. A Deputy City
    Manager signs only for a project of their service area: their account's division is one
    of its divisions, or, with no division on the account, their name is the one named.
    """
    if office is not signatory.office:
        return False
    if office is SigningOffice.DIVISION_HEAD:
        return bool(division) and division == sponsoring_division
    if office is SigningOffice.DEPUTY_CITY_MANAGER and signatory.divisions:
        if division:
            return any(_fold(d) == _fold(division) for d in signatory.divisions)
        return bool(_fold(name)) and _fold(name) == _fold(signatory.name)
    return True


def account_office_problems(role_is_signing_authority: bool, office: SigningOffice | None,
                            has_division: bool) -> list[str]:
    """Return why a staff account's office and division do not fit; empty when they do.

    The one rule for every place that creates or changes an account (the administrator's
    form, the command line, the service): a signing authority needs an office, only a
    signing authority holds one, and a Division Head needs the division they head.
    """
    if not role_is_signing_authority:
        return ["Only a signing authority holds a signing office."] if office else []
    if office is None:
        return ["A signing authority needs an office: select the office they hold."]
    if office is SigningOffice.DIVISION_HEAD and not has_division:
        return ["A Division Head needs the division they head."]
    return []


def partnership_choice_refusal(role: Role, status: Status, category: Category | None,
                               ) -> str | None:
    """Return why someone of ``role`` may not choose this request's partnership signatory.

    None when they may: a CCO reviewer, while the request is being assessed (the choice
    names who decides, so it closes at the recommendation: a recommended request keeps the
    signatory it was recommended to), for a request whose category is a Partnership City.
    """
    if role is not Role.CCO_REVIEWER:
        return "Only a CCO reviewer chooses who signs a Partnership City agreement."
    if status not in ASSESSING:
        return (f"The signatory is settled: this request is {status.label.lower()}, and it "
                "keeps the signatory chosen before the recommendation.")
    if category is not Category.PARTNERSHIP_CITY:
        return ("The signatory is chosen only for a Partnership City; an International "
                "Project's signatory follows from its cost and sponsoring division.")
    return None


def partnership_office_problem(value: str | None) -> str | None:
    """Return why ``value`` is not an office that signs a partnership; None when it is.

    An empty value is allowed: it returns the request to the administrator's default.
    """
    if not value or value in {o.value for o in PARTNERSHIP_OFFICES}:
        return None
    return ("A Partnership City is signed by the Mayor or designate, or the City Manager.")
