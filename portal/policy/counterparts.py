"""Say which kinds of government may be a counterpart: the program is city-to-city only.

A local government (a city, municipality, metropolitan government or prefecture-level city)
qualifies. Countries, states and provinces, chambers of commerce, trade and investment
agencies, companies and NGOs do not; each is told at once where to turn instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.policy.phrases import N_, P_, Phrase

PROGRAM_CONTACT = "international@toronto.ca"
TRADE_CONTACT = "export@toronto.ca"


class GovernmentKind(StrEnum):
    """The kind of body a counterpart is."""

    CITY = "city"
    MUNICIPALITY = "municipality"
    METROPOLITAN = "metropolitan"
    PREFECTURE_CITY = "prefecture_city"
    COUNTRY = "country"
    STATE_PROVINCE = "state_province"
    CHAMBER_OF_COMMERCE = "chamber_of_commerce"
    TRADE_AGENCY = "trade_agency"
    COMPANY = "company"
    NGO = "ngo"

    @property
    def rule(self) -> CounterpartRule:
        """Return what the program says of this kind of body."""
        return COUNTERPART_RULES[self]

    @property
    def label(self) -> Phrase:
        """Return the kind's name."""
        return self.rule.label

    @property
    def is_local_government(self) -> bool:
        """Return whether this kind of body may be a counterpart."""
        return self.rule.eligible


@dataclass(frozen=True)
class CounterpartRule:
    """Whether a kind of body is eligible, and where to send it when it is not."""

    label: Phrase
    eligible: bool
    where_to_turn: Phrase = Phrase("")


_NATIONAL = P_(
    "Relations with national governments are led by the Government of Canada. Contact "
    "Global Affairs Canada, or write to %(contact)s if a city in your country wishes to "
    "work with us.", contact=PROGRAM_CONTACT)
_TRADE = P_(
    "Trade, export and investment requests are handled by the City's Economic Development "
    "and Culture division: write to %(contact)s.", contact=TRADE_CONTACT)

COUNTERPART_RULES: dict[GovernmentKind, CounterpartRule] = {
    GovernmentKind.CITY: CounterpartRule(N_("City government"), True),
    GovernmentKind.MUNICIPALITY: CounterpartRule(N_("Municipality or town"), True),
    GovernmentKind.METROPOLITAN: CounterpartRule(
        N_("Metropolitan or regional city government"), True
    ),
    GovernmentKind.PREFECTURE_CITY: CounterpartRule(N_("Prefecture-level city government"), True),
    GovernmentKind.COUNTRY: CounterpartRule(
        N_("National government or embassy"), False, _NATIONAL
    ),
    GovernmentKind.STATE_PROVINCE: CounterpartRule(
        N_("State, province or region"),
        False,
        N_("Relations with states and provinces are led by the Government of Ontario and the "
           "Government of Canada. A city within your state or province may apply itself."),
    ),
    GovernmentKind.CHAMBER_OF_COMMERCE: CounterpartRule(
        N_("Chamber of commerce or business association"), False, _TRADE
    ),
    GovernmentKind.TRADE_AGENCY: CounterpartRule(
        N_("Trade or investment promotion agency"), False, _TRADE
    ),
    GovernmentKind.COMPANY: CounterpartRule(N_("Company"), False, _TRADE),
    GovernmentKind.NGO: CounterpartRule(
        N_("Non-governmental or community organization"),
        False,
        P_("Community and cultural organizations can find City grants and partnership "
           "programs through %(contact)s, which will direct you to the right division.",
           contact=PROGRAM_CONTACT),
    ),
}

HOME_COUNTRY = "CA"
"""The City's own country: the program is for cities abroad."""


def is_abroad(country_code: str) -> bool:
    """Return whether a city in ``country_code`` is outside the City's own country."""
    return country_code.upper() != HOME_COUNTRY
