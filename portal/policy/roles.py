"""Name the roles people play in the program and the offices that sign for the City."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a portal account may do, by the part its holder plays in the program."""

    CITY = "city"
    DIVISION_STAFF = "division_staff"
    CCO_REVIEWER = "cco_reviewer"
    SUPPORTING_REVIEWER = "supporting_reviewer"
    SIGNING_AUTHORITY = "signing_authority"
    SOLICITOR = "solicitor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """Return the role's name as people in the program say it."""
        return ROLE_LABELS[self]

    @property
    def is_staff(self) -> bool:
        """Return whether the role belongs to City staff (everyone but a foreign city)."""
        return self is not Role.CITY


ROLE_LABELS: dict[Role, str] = {
    Role.CITY: "City representative",
    Role.DIVISION_STAFF: "Division staff",
    Role.CCO_REVIEWER: "CCO reviewer",
    Role.SUPPORTING_REVIEWER: "Supporting reviewer (EDC or CMO)",
    Role.SIGNING_AUTHORITY: "Signing authority",
    Role.SOLICITOR: "City Solicitor",
    Role.ADMIN: "Administrator",
}


class SigningOffice(StrEnum):
    """The offices that approve and sign agreements for the City."""

    DIVISION_HEAD = "division_head"
    DEPUTY_CITY_MANAGER = "deputy_city_manager"
    CITY_MANAGER = "city_manager"
    MAYORS_OFFICE = "mayors_office"

    @property
    def label(self) -> str:
        """Return the office's title."""
        return SIGNING_OFFICE_LABELS[self]


SIGNING_OFFICE_LABELS: dict[SigningOffice, str] = {
    SigningOffice.DIVISION_HEAD: "Division Head",
    SigningOffice.DEPUTY_CITY_MANAGER: "Deputy City Manager",
    SigningOffice.CITY_MANAGER: "City Manager",
    SigningOffice.MAYORS_OFFICE: "Mayor's Office",
}

# Roles whose accounts must name a City division: staff filing for a division, the
# supporting reviewers (EDC and CMO are themselves divisions) and Division Heads.
ROLES_WITH_DIVISION: frozenset[Role] = frozenset({Role.DIVISION_STAFF, Role.SUPPORTING_REVIEWER})
