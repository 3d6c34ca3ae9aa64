"""Name the roles people play in the program and the offices that sign for the City."""

from __future__ import annotations

from enum import StrEnum

from portal.policy.phrases import N_, Phrase


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
    def label(self) -> Phrase:
        """Return the role's name as people in the program say it."""
        return ROLE_LABELS[self]

    @property
    def is_staff(self) -> bool:
        """Return whether the role belongs to City staff (everyone but a foreign city)."""
        return self is not Role.CITY


ROLE_LABELS: dict[Role, Phrase] = {
    Role.CITY: N_("City representative"),
    Role.DIVISION_STAFF: N_("Division staff"),
    Role.CCO_REVIEWER: N_("CCO reviewer"),
    Role.SUPPORTING_REVIEWER: N_("Supporting reviewer (EDC or CMO)"),
    Role.SIGNING_AUTHORITY: N_("Signing authority"),
    Role.SOLICITOR: N_("City Solicitor"),
    Role.ADMIN: N_("Administrator"),
}


class SigningOffice(StrEnum):
    """The offices that approve and sign agreements for the City."""

    DIVISION_HEAD = "division_head"
    DEPUTY_CITY_MANAGER = "deputy_city_manager"
    CITY_MANAGER = "city_manager"
    MAYORS_OFFICE = "mayors_office"

    @property
    def label(self) -> Phrase:
        """Return the office's title."""
        return SIGNING_OFFICE_LABELS[self]


SIGNING_OFFICE_LABELS: dict[SigningOffice, Phrase] = {
    SigningOffice.DIVISION_HEAD: N_("Division Head"),
    SigningOffice.DEPUTY_CITY_MANAGER: N_("Deputy City Manager"),
    SigningOffice.CITY_MANAGER: N_("City Manager"),
    SigningOffice.MAYORS_OFFICE: N_("Mayor's Office"),
}

# Roles whose accounts must name a City division: staff filing for a division, the
# supporting reviewers (EDC and CMO are themselves divisions) and Division Heads.
ROLES_WITH_DIVISION: frozenset[Role] = frozenset({Role.DIVISION_STAFF, Role.SUPPORTING_REVIEWER})
