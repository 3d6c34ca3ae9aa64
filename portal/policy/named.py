"""Find what an answer names: City plans, organizations, who benefits, what each side brings.

Each pattern finds a kind of fact the rubric's descriptors speak of (``policy.scoring``
proposes scores from them). They read names the way people write them (a capitalised name
ending in "Strategy", "HousingTO"), so a reviewer can check every match the explanation
lists.
"""

from __future__ import annotations

import re

_NAME_WORD = r"[A-Z][\w’'.-]*"
_JOIN = r"(?:\s+(?:of|for|on|to|in|&))*"
"""Small words inside a name ("Strategy for Culture"); "and" and "the" end a name, since
they join one named plan to the next."""
_PLAN = re.compile(
    rf"\b{_NAME_WORD}(?:{_JOIN}\s+{_NAME_WORD})*\s+"
    r"(?:Strategy|Plan|Framework|Policy|Agenda|Charter|Standard|Program|Programme)\b")
_TO_PROGRAM = re.compile(r"\b[A-Z][A-Za-z]+TO\b")
"""The City's own programs are named like TransformTO, HousingTO or ActiveTO."""

SAYS_HOW = re.compile(
    r"\b(support|supports|advance|advances|deliver|delivers|implement|implements|test|tests|"
    r"pilot|pilots|contribute|contributes|help|helps|meet|meets|further|furthers|feed|feeds|"
    r"by|through)\b", re.IGNORECASE)
USES_RESULTS = re.compile(
    r"\b(will (?:use|apply|adopt|scale|roll out|build on|feed into|inform)|results? will|"
    r"division|General Manager)\b", re.IGNORECASE)

TIE_KIND = re.compile(
    r"\b(community|communities|diaspora|cultural|culture|heritage|language|festival|"
    r"university|universities|college|school|students|museum|association|institution|"
    r"institutions|families|residents|born|descent|newcomers|immigrants?)\b", re.IGNORECASE)
_ORGANIZATION = re.compile(
    rf"\b{_NAME_WORD}(?:{_JOIN}\s+{_NAME_WORD})*\s+"
    r"(?:Association|Society|Centre|Center|Council|University|College|Museum|Foundation|"
    r"Festival|Chamber|Club|Institute|School|Library|Federation|Network|Alliance|BIA|"
    r"Collective|Committee)\b"
    rf"|\b(?:University|Museum|Chamber|Institute|College) of(?:\s+{_NAME_WORD})+")
CO_DELIVERY = re.compile(
    r"\b(co-design|co-designs|co-host|co-hosts|co-deliver|shape|shapes|help (?:plan|deliver|"
    r"design|run)|lead|leads|organi[sz]e|organi[sz]es|deliver|delivers|run|runs|host|hosts)\b",
    re.IGNORECASE)

BRINGS_STAFF = re.compile(
    r"\b(staff|experts?|team|officials?|engineers?|planners?|coordinators?|researchers?|"
    r"person-days|people)\b", re.IGNORECASE)
BRINGS_RESOURCES = re.compile(
    r"\b(funds?|funding|pays?|covers?|budget|hosts?|venue|space|equipment|data|in-kind|"
    r"grants?|travel|accommodation)\b|[$€£¥]\s?\d|\d[\d,.]*\s?(?:EUR|USD|CAD|euros?|dollars)",
    re.IGNORECASE)

BENEFICIARIES = re.compile(
    r"\b(residents|businesses|firms|companies|students|youth|young people|seniors|artists|"
    r"newcomers|families|workers|entrepreneurs|start-ups|startups|visitors|communities|"
    r"households|tenants|riders|schools|children)\b", re.IGNORECASE)

LONG_RELATIONSHIP_YEARS = 10
"""Years after which a relationship counts as long (descriptor 4 of the track record)."""

SEVERAL = 2
"""How many named plans, joint projects or areas count as "several"."""


def distinct(found: list[str]) -> list[str]:
    """Return ``found`` once each, ignoring case, spacing and a leading article."""
    seen: dict[str, str] = {}
    for name in found:
        name = re.sub(r"^(?:The|A|An|Our|Its)\s+", "", name)
        seen.setdefault(" ".join(name.casefold().split()), " ".join(name.split()))
    return list(seen.values())


def city_plans_named(text: str) -> list[str]:
    """Return the City strategies, plans and programs ``text`` names, once each."""
    plans = [m.group(0) for m in _PLAN.finditer(text)]
    # "TransformTO Net Zero Strategy" is one plan, not two.
    programs = [p for p in _TO_PROGRAM.findall(text) if not any(p in plan for plan in plans)]
    return distinct(plans + programs)


def organizations_named(text: str) -> list[str]:
    """Return the organizations ``text`` names (an Association, a University of ...)."""
    return distinct([m.group(0) for m in _ORGANIZATION.finditer(text)])
