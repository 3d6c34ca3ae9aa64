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

from portal.policy.categories import Category
from portal.policy.lifecycle import Status
from portal.policy.phrases import N_, P_, Money, Phrase
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
    """The title the policy gives (a phrase: "City Manager"), or a Division Head's as set."""
    reason: Phrase
    divisions: tuple[str, ...] = ()
    """For a Deputy City Manager, the divisions of their service area."""


class SignatoryUnknown(Refused, ValueError):
    """Raised when the signatory cannot be named yet; the message says what is missing."""

    def __init__(self, reason: Phrase) -> None:
        """Keep what is missing as a phrase, for each page to say in its language."""
        super().__init__(reason)
        self.reason = reason


def signing_settings_problems(settings: SigningSettings) -> list[Phrase]:
    """Return why ``settings`` cannot be saved, one sentence per problem; empty when valid."""
    problems = [
        problem
        for problem, name in (
            (N_("The Mayor needs a name."), settings.mayor_name),
            (N_("The City Manager needs a name."), settings.city_manager_name),
            (N_("The Deputy City Manager needs a name."), settings.deputy_city_manager_name),
        )
        if not name.strip()
    ]
    limits = (settings.division_head_limit, settings.deputy_limit)
    if not all(limit.is_finite() and limit >= 0 for limit in limits):
        problems.append(N_("Financial signing limits must be amounts of 0 or more."))
    elif settings.deputy_limit <= settings.division_head_limit:
        problems.append(P_(
            "The Deputy City Manager's limit must be above the Division Head's (%(limit)s).",
            limit=Money(settings.division_head_limit)))
    seen: dict[str, str] = {}
    for deputy in settings.deputies:
        if not deputy.name.strip() or not deputy.service_area.strip() or not deputy.divisions:
            problems.append(N_("Each Deputy City Manager needs a name, a service area and its "
                               "divisions."))
        for division in deputy.divisions:
            other = seen.setdefault(_fold(division), deputy.name)
            if other != deputy.name:
                problems.append(P_(
                    "%(division)s is in the service areas of both %(first)s and %(second)s; a "
                    "division has one Deputy City Manager.",
                    division=division, first=other, second=deputy.name))
    for kind, office in settings.partnership_defaults.items():
        if kind not in REQUEST_KINDS or office not in {o.value for o in PARTNERSHIP_OFFICES}:
            problems.append(PARTNERSHIP_SIGNED_BY)
    for division, (name, title) in settings.division_heads.items():
        if not division.strip() or not name.strip() or not title.strip():
            # Quoted: the division's name may be blank or odd, and is the administrator's text.
            problems.append(P_(
                "The Division Head of \u201c%(division)s\u201d needs a division, name and "
                "title.", division=division))
    return problems


PARTNERSHIP_SIGNED_BY = N_(
    "A Partnership City is signed by the Mayor or designate, or the City Manager.")
"""Why another office cannot be a Partnership City's signatory, wherever one is chosen."""

# Why the City Manager signs a partnership: the administrator's default for its kind of
# request, or a reviewer's choice (key None). Whole sentences, for languages to word each.
_CITY_MANAGER_SIGNS: dict[str | None, Phrase] = {
    "new": N_("A Partnership City agreement is approved and signed by the Mayor or designate, "
              "or the City Manager; the City Manager is the default for a new partnership."),
    "renewal": N_("A Partnership City agreement is approved and signed by the Mayor or "
                  "designate, or the City Manager; the City Manager is the default for a "
                  "renewal partnership."),
    "promotion": N_("A Partnership City agreement is approved and signed by the Mayor or "
                    "designate, or the City Manager; the City Manager is the default for a "
                    "promotion partnership."),
    "": N_("A Partnership City agreement is approved and signed by the Mayor or designate, or "
           "the City Manager; the City Manager is the default."),
    None: N_("A Partnership City agreement is approved and signed by the Mayor or designate, "
             "or the City Manager; the City Manager is chosen for this request."),
}


def _partnership(settings: SigningSettings, office: SigningOffice | None, kind: str,
                 ) -> Signatory:
    if office is None:
        office = settings.partnership_office(kind)
        why = _CITY_MANAGER_SIGNS[kind if kind in REQUEST_KINDS else ""]
    else:
        why = _CITY_MANAGER_SIGNS[None]
    if office is SigningOffice.CITY_MANAGER:
        return Signatory(SigningOffice.CITY_MANAGER, settings.city_manager_name,
                         N_("City Manager"), why)
    designate = (settings.mayor_designate_name or "").strip()
    if designate:
        return Signatory(
            SigningOffice.MAYORS_OFFICE,
            designate,
            (settings.mayor_designate_title or "").strip() or N_("Mayor's designate"),
            N_("A Partnership City agreement is approved and signed by the Mayor or the "
               "Mayor's designate; a designate is set."),
        )
    return Signatory(SigningOffice.MAYORS_OFFICE, settings.mayor_name, N_("Mayor"),
                     N_("A Partnership City agreement is approved and signed by the Mayor."))


def _project(
    cost: Decimal | None, division: str | None, settings: SigningSettings
) -> Signatory:
    division = (division or "").strip()
    if not division:
        raise SignatoryUnknown(N_(
            "An International Project needs a sponsoring division before its signatory "
            "can be named."))
    if cost is None or not cost.is_finite() or cost < 0:
        raise SignatoryUnknown(N_(
            "The anticipated cost must be known to name the signatory of an International "
            "Project."))
    amount = Money(cost)
    head_limit = Money(settings.division_head_limit)
    if cost <= settings.division_head_limit:
        head = settings.division_head(division)
        if head is None:
            raise SignatoryUnknown(P_(
                "No Division Head is set for %(division)s; an administrator adds one in the "
                "signatory settings.", division=division))
        return Signatory(
            SigningOffice.DIVISION_HEAD,
            *head,
            P_("The anticipated cost of %(amount)s is within the Division Head's financial "
               "signing authority (%(limit)s).", amount=amount, limit=head_limit),
        )
    deputy_limit = Money(settings.deputy_limit)
    if cost <= settings.deputy_limit:
        if not settings.deputies:
            return Signatory(SigningOffice.DEPUTY_CITY_MANAGER,
                             settings.deputy_city_manager_name, N_("Deputy City Manager"),
                             P_("The anticipated cost of %(amount)s is above the Division "
                                "Head's financial signing authority (%(head_limit)s) and "
                                "within the Deputy City Manager's (%(deputy_limit)s).",
                                amount=amount, head_limit=head_limit,
                                deputy_limit=deputy_limit))
        deputy = settings.deputy_over(division)
        if deputy is None:
            raise SignatoryUnknown(P_(
                "No Deputy City Manager's service area includes %(division)s; an "
                "administrator adds it in the signatory settings.", division=division))
        return Signatory(
            SigningOffice.DEPUTY_CITY_MANAGER, deputy.name,
            P_("Deputy City Manager, %(service_area)s", service_area=deputy.service_area),
            P_("The anticipated cost of %(amount)s is above the Division Head's financial "
               "signing authority (%(head_limit)s) and within the Deputy City Manager's "
               "(%(deputy_limit)s); %(division)s is in the %(service_area)s service area.",
               amount=amount, head_limit=head_limit, deputy_limit=deputy_limit,
               division=division, service_area=deputy.service_area),
            divisions=deputy.divisions)
    return Signatory(
        SigningOffice.CITY_MANAGER,
        settings.city_manager_name,
        N_("City Manager"),
        P_("The anticipated cost of %(amount)s is above the Deputy City Manager's financial "
           "signing authority (%(limit)s).", amount=amount, limit=deputy_limit),
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
    raise SignatoryUnknown(N_("The category must be settled before the signatory can be named."))


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
                            has_division: bool) -> list[Phrase]:
    """Return why a staff account's office and division do not fit; empty when they do.

    The one rule for every place that creates or changes an account (the administrator's
    form, the command line, the service): a signing authority needs an office, only a
    signing authority holds one, and a Division Head needs the division they head.
    """
    if not role_is_signing_authority:
        return [N_("Only a signing authority holds a signing office.")] if office else []
    if office is None:
        return [N_("A signing authority needs an office: select the office they hold.")]
    if office is SigningOffice.DIVISION_HEAD and not has_division:
        return [N_("A Division Head needs the division they head.")]
    return []


STATUS_IN_SENTENCE: dict[Status, Phrase] = {
    Status.DRAFT: N_("draft"),
    Status.SUBMITTED: N_("submitted"),
    Status.IN_TRIAGE: N_("in triage"),
    Status.INFORMATION_REQUESTED: N_("information requested"),
    Status.IN_REVIEW: N_("in review"),
    Status.RECOMMENDED: N_("recommended"),
    Status.DECLINED: N_("declined"),
    Status.WITHDRAWN: N_("withdrawn"),
    Status.APPROVED: N_("approved"),
    Status.AGREEMENT_DRAFTED: N_("agreement drafted"),
    Status.APPROVED_AS_TO_FORM: N_("approved as to form"),
    Status.SIGNED: N_("signed"),
}
"""Each status as "this request is ..." says it mid-sentence: lower-case words of their own,
not the label lower-cased, which no translation could follow."""


def partnership_choice_refusal(role: Role, status: Status, category: Category | None,
                               ) -> Phrase | None:
    """Return why someone of ``role`` may not choose this request's partnership signatory.

    None when they may: a CCO reviewer, while the request is being assessed (the choice
    names who decides, so it closes at the recommendation: a recommended request keeps the
    signatory it was recommended to), for a request whose category is a Partnership City.
    """
    if role is not Role.CCO_REVIEWER:
        return N_("Only a CCO reviewer chooses who signs a Partnership City agreement.")
    if status not in ASSESSING:
        return P_("The signatory is settled: this request is %(status)s, and it keeps the "
                  "signatory chosen before the recommendation.",
                  status=STATUS_IN_SENTENCE[status])
    if category is not Category.PARTNERSHIP_CITY:
        return N_("The signatory is chosen only for a Partnership City; an International "
                  "Project's signatory follows from its cost and sponsoring division.")
    return None


def partnership_office_problem(value: str | None) -> Phrase | None:
    """Return why ``value`` is not an office that signs a partnership; None when it is.

    An empty value is allowed: it returns the request to the administrator's default.
    """
    if not value or value in {o.value for o in PARTNERSHIP_OFFICES}:
        return None
    return PARTNERSHIP_SIGNED_BY
