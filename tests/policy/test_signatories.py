"""Check who approves and signs each agreement, for every category and cost band."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from portal.policy.categories import Category
from portal.policy.lifecycle import Status
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import (
    EXAMPLE_SIGNING_SETTINGS,
    SignatoryUnknown,
    SigningSettings,
    partnership_choice_refusal,
    partnership_office_problem,
    signing_authority,
    signing_settings_problems,
)

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT
SETTINGS = SigningSettings(
    mayor_name="Mayor Name",
    city_manager_name="Manager Name",
    deputy_city_manager_name="Deputy Name",
    division_head_limit=Decimal("50000"),
    deputy_limit=Decimal("500000"),
    division_heads={"Transportation Services": ("Head Name", "General Manager")},
)
DESIGNATE = replace(
    SETTINGS, mayor_designate_name="Designate Name", mayor_designate_title="Deputy Mayor"
)
DIVISION = "Transportation Services"

COST_BANDS: dict[str, Decimal | None] = {
    "no cost given": None,
    "no direct cost": Decimal("0"),
    "within the division head's limit": Decimal("49999.99"),
    "at the division head's limit": Decimal("50000"),
    "just above the division head's limit": Decimal("50000.01"),
    "at the deputy's limit": Decimal("500000"),
    "above the deputy's limit": Decimal("500000.01"),
}

# The office that signs a project, by cost band; None means no signatory can be named yet.
PROJECT_SIGNER: dict[str, SigningOffice | None] = {
    "no cost given": None,
    "no direct cost": SigningOffice.DIVISION_HEAD,
    "within the division head's limit": SigningOffice.DIVISION_HEAD,
    "at the division head's limit": SigningOffice.DIVISION_HEAD,
    "just above the division head's limit": SigningOffice.DEPUTY_CITY_MANAGER,
    "at the deputy's limit": SigningOffice.DEPUTY_CITY_MANAGER,
    "above the deputy's limit": SigningOffice.CITY_MANAGER,
}
NAMES = {
    SigningOffice.DIVISION_HEAD: ("Head Name", "General Manager"),
    SigningOffice.DEPUTY_CITY_MANAGER: ("Deputy Name", "Deputy City Manager"),
    SigningOffice.CITY_MANAGER: ("Manager Name", "City Manager"),
}


@pytest.mark.parametrize("settings", [SETTINGS, DESIGNATE], ids=["mayor", "designate"])
@pytest.mark.parametrize("division", [DIVISION, None])
@pytest.mark.parametrize("cost_band", list(COST_BANDS))
@pytest.mark.parametrize("category", [P, IP, None])
def test_each_combination_is_signed_by_the_office_the_table_says(
    category: Category | None,
    cost_band: str,
    division: str | None,
    settings: SigningSettings,
) -> None:
    """The category, cost and sponsoring division decide the signatory, or why there is none."""
    cost = COST_BANDS[cost_band]
    if category is P:
        signatory = signing_authority(category, cost, division, settings)
        assert signatory.office is SigningOffice.MAYORS_OFFICE
        expected = (
            ("Designate Name", "Deputy Mayor") if settings is DESIGNATE else ("Mayor Name", "Mayor")
        )
        assert (signatory.name, signatory.title) == expected
        return
    office = PROJECT_SIGNER[cost_band] if category is IP and division else None
    if office is None:
        with pytest.raises(SignatoryUnknown):
            signing_authority(category, cost, division, settings)
        return
    signatory = signing_authority(category, cost, division, settings)
    assert signatory.office is office
    assert (signatory.name, signatory.title) == NAMES[office]
    assert signatory.reason


def test_a_project_without_a_sponsoring_division_has_no_signatory_yet() -> None:
    """The reason says a division is needed."""
    with pytest.raises(SignatoryUnknown, match="sponsoring division"):
        signing_authority(IP, Decimal("1000"), "  ", SETTINGS)


def test_an_undecided_category_has_no_signatory_yet() -> None:
    """The category must be settled first."""
    with pytest.raises(SignatoryUnknown, match="category"):
        signing_authority(None, Decimal("1000"), DIVISION, SETTINGS)


def test_a_division_without_a_head_in_the_settings_is_named_in_the_reason() -> None:
    """An administrator is told which division's head to add."""
    with pytest.raises(SignatoryUnknown, match="Parks"):
        signing_authority(IP, Decimal("1000"), "Parks", SETTINGS)


def test_a_division_is_found_whatever_its_case_and_spacing() -> None:
    """The division's name is matched loosely."""
    signatory = signing_authority(IP, Decimal("1000"), " transportation  services ", SETTINGS)
    assert signatory.name == "Head Name"


def test_the_reason_gives_the_cost_and_the_limit() -> None:
    """A signatory above the Division Head's limit is explained with both amounts."""
    reason = signing_authority(IP, Decimal("60000"), DIVISION, SETTINGS).reason
    assert "$60,000.00" in reason
    assert "$50,000.00" in reason


def test_the_example_settings_are_valid_and_every_division_has_a_head() -> None:
    """The documented examples can be saved as they are."""
    assert signing_settings_problems(EXAMPLE_SIGNING_SETTINGS) == []
    for division in EXAMPLE_SIGNING_SETTINGS.division_heads:
        signatory = signing_authority(IP, Decimal("1"), division, EXAMPLE_SIGNING_SETTINGS)
        assert signatory.office is SigningOffice.DIVISION_HEAD


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"mayor_name": " "}, "Mayor needs a name"),
        ({"city_manager_name": ""}, "City Manager needs a name"),
        ({"deputy_limit": Decimal("50000")}, "must be above"),
        ({"deputy_limit": Decimal("100")}, "must be above"),
        ({"division_head_limit": Decimal("-1")}, "0 or more"),
        ({"deputy_limit": Decimal("NaN")}, "0 or more"),
        ({"division_heads": {"Parks": ("", "General Manager")}}, "Parks"),
    ],
)
def test_unsound_signing_settings_are_refused_with_the_problem_named(
    changes: dict[str, object], problem: str
) -> None:
    """Missing names and limits out of order are refused."""
    problems = signing_settings_problems(replace(SETTINGS, **changes))  # type: ignore[arg-type]
    assert any(problem in p for p in problems), problems


# Issue #12: the City Manager for a partnership, several Deputy City Managers -------------

from portal.policy.decisions import decision_refusal, may_decide  # noqa: E402
from portal.policy.signatories import (  # noqa: E402
    DeputyCityManager,
    account_office_problems,
)

AREAS = replace(SETTINGS, deputies=(
    DeputyCityManager("Dana Infra", "Infrastructure Services",
                      ("Transportation Services", "Toronto Water")),
    DeputyCityManager("Devi Dev", "Development and Growth Services",
                      ("Economic Development and Culture", "City Planning")),
), division_heads={})
ABOVE_HEAD = Decimal("60000")


def test_a_partnership_may_be_signed_by_the_city_manager_as_the_report_allows():
    chosen = signing_authority(P, None, None, SETTINGS,
                               partnership_office=SigningOffice.CITY_MANAGER)
    assert (chosen.office, chosen.name) == (SigningOffice.CITY_MANAGER, "Manager Name")
    assert "chosen for this request" in chosen.reason


@pytest.mark.parametrize("kind", ["new", "renewal", "promotion"])
def test_the_administrator_chooses_the_partnership_default_per_kind_of_request(kind):
    settings = replace(SETTINGS, partnership_defaults={"renewal": "city_manager"})
    office = signing_authority(P, None, None, settings, kind=kind).office
    assert office is (SigningOffice.CITY_MANAGER if kind == "renewal"
                      else SigningOffice.MAYORS_OFFICE)


def test_a_partnership_default_outside_the_report_is_refused():
    bad = replace(SETTINGS, partnership_defaults={"new": "division_head"})
    assert any("Mayor or designate" in p for p in signing_settings_problems(bad))


@pytest.mark.parametrize(("division", "deputy"), [
    ("Transportation Services", "Dana Infra"), ("toronto  water", "Dana Infra"),
    ("City Planning", "Devi Dev")])
def test_a_projects_deputy_is_the_one_over_its_sponsoring_division(division, deputy):
    chosen = signing_authority(IP, ABOVE_HEAD, division, AREAS)
    assert (chosen.office, chosen.name) == (SigningOffice.DEPUTY_CITY_MANAGER, deputy)


def test_a_division_in_no_service_area_has_no_deputy_yet():
    with pytest.raises(SignatoryUnknown, match="No Deputy City Manager's service area"):
        signing_authority(IP, ABOVE_HEAD, "Parks", AREAS)


def test_a_division_in_two_service_areas_is_refused():
    twice = replace(AREAS, deputies=(*AREAS.deputies,
                                     DeputyCityManager("Other", "X", ("City Planning",))))
    assert any("both" in p for p in signing_settings_problems(twice))


@pytest.mark.parametrize(("account_division", "name", "decides"), [
    ("Toronto Water", "Anyone", True),           # an account in the service area
    ("City Planning", "Dana Infra", False),      # another area's account, whatever its name
    (None, "dana  infra", True),                 # no division: matched by name
    (None, "Devi Dev", False),
])
def test_a_deputy_decides_only_for_their_service_area(account_division, name, decides):
    named = signing_authority(IP, ABOVE_HEAD, "Transportation Services", AREAS)
    assert may_decide(named, SigningOffice.DEPUTY_CITY_MANAGER, account_division,
                      "Transportation Services", name) is decides
    if not decides:
        assert "Dana Infra" in decision_refusal(
            named, "", SigningOffice.DEPUTY_CITY_MANAGER, account_division,
            "Transportation Services", name)


@pytest.mark.parametrize(("authority", "office", "division", "problem"), [
    (True, None, False, "needs an office"),
    (True, SigningOffice.DIVISION_HEAD, False, "division they head"),
    (False, SigningOffice.MAYORS_OFFICE, False, "Only a signing authority"),
    (True, SigningOffice.CITY_MANAGER, False, None),
    (False, None, True, None),
])
def test_a_signing_authority_needs_an_office_one_rule(authority, office, division, problem):
    problems = account_office_problems(authority, office, division)
    assert (problem is None and not problems) or any(problem in p for p in problems)


@pytest.mark.parametrize(("role", "status", "category", "refused"), [
    (Role.CCO_REVIEWER, Status.IN_REVIEW, Category.PARTNERSHIP_CITY, None),
    (Role.CCO_REVIEWER, Status.SUBMITTED, Category.PARTNERSHIP_CITY, None),
    (Role.SIGNING_AUTHORITY, Status.IN_REVIEW, Category.PARTNERSHIP_CITY, "Only a CCO reviewer"),
    (Role.CCO_REVIEWER, Status.RECOMMENDED, Category.PARTNERSHIP_CITY, "settled"),
    (Role.CCO_REVIEWER, Status.APPROVED, Category.PARTNERSHIP_CITY, "settled"),
    (Role.CCO_REVIEWER, Status.IN_REVIEW, Category.INTERNATIONAL_PROJECT, "only for a Partner"),
    (Role.CCO_REVIEWER, Status.IN_REVIEW, None, "only for a Partnership"),
])
def test_a_cco_reviewer_chooses_a_partnerships_signatory_while_assessing(
        role: Role, status: Status, category: Category | None, refused: str | None) -> None:
    """The choice names who decides, so it closes at the recommendation."""
    reason = partnership_choice_refusal(role, status, category)
    assert (reason is None) if refused is None else (refused in (reason or ""))


def test_only_the_mayor_or_the_city_manager_signs_a_partnership() -> None:
    """An empty choice returns to the default; a Division Head never signs a partnership."""
    assert partnership_office_problem(None) is None
    assert partnership_office_problem("city_manager") is None
    assert partnership_office_problem("mayors_office") is None
    assert "Mayor or designate" in (partnership_office_problem("division_head") or "")
