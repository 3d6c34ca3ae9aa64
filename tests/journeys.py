"""Walk the guided intake page by page, as a person fills it in."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.conftest import Browser

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n"
    b"<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
NEXT_YEAR = date.today().year + 1

FRENCH_TEXT = {"title_fr": "Échange sur les fêtes des lumières",
               "objectives_fr": "Échanger des concepteurs\nCoproduire une installation",
               "activities_fr": "Résidence à Toronto\nRésidence à Lyon",
               "outcomes_fr": "Concepteurs échangés : concepteurs accueillis, 6 d'ici 2028"}
"""The purpose page's words in French, as a French-speaking city gives them."""

CITY_PAGES: list[tuple[str, dict[str, Any]]] = [
    ("about-you", {"representative_name": "Camille Martin",
                   "representative_title": "Director of International Relations",
                   "government_kind": "city"}),
    ("agreement", {"requested_category": "international_project", "term_years": "3",
                   "start_date-day": "1", "start_date-month": "9",
                   "start_date-year": str(NEXT_YEAR)}),
    ("purpose", {"title": "Festival of lights exchange", "purpose": "Share lighting design.",
                 "objectives": "Exchange designers\nCo-produce an installation",
                 "activities": "Residency in Toronto\nResidency in Lyon",
                 "outcomes-0-outcome": "Designers exchanged",
                 "outcomes-0-indicator": "Designers hosted",
                 "outcomes-0-target": "6 by 2028"}),
    # Lyon speaks French: its agreement is bilingual, so the intake asks these in French too.
    ("purpose-fr", FRENCH_TEXT),
    ("areas", {"areas": ["culture", "tourism"],
               "alignment": "Supports the Action Plan for Toronto's Economy."}),
    ("ties", {"community_ties": "A large francophone community in Toronto.",
              "relationship_since": "", "past_projects": ""}),
    ("resources", {"anticipated_cost": "25,000", "funding_source": "EDC operating budget",
                   "staff_time": "Two staff, ten days", "counterpart_commitment": "Venue"}),
    ("signing", {"counterpart_legal_name": "Ville de Lyon",
                 "counterpart_signatory_name": "Grégory Doucet",
                 "counterpart_signatory_title": "Maire de Lyon",
                 "counterpart_signatory_authority": "As Mayor, under the Code général des "
                                                    "collectivités territoriales",
                 "counterpart_coordinator_name": "Marie Dupont",
                 "counterpart_coordinator_title": "Director of International Relations",
                 "counterpart_coordinator_email": "marie.dupont@lyon.example",
                 "counterpart_coordinator_address": "1 place de la Comédie\n69001 Lyon"}),
]
CITY_COORDINATOR = {"city_coordinator_name": "Avery Chen",
                    "city_coordinator_title": "Program Manager",
                    "city_coordinator_email": "avery.chen@toronto.example",
                    "city_coordinator_address": "100 Queen Street West\nToronto ON M5H 2N2"}
"""The City's coordinator: a division names its own on its signing page."""
CONTACTS = {"contact_name": "Marie Dupont", "contact_title": "Deputy Mayor",
            "contact_email": "marie.dupont@lyon.example", "contact_phone": "+33 4 72 10 30 30"}

DIVISION_FIRST_PAGE = ("counterpart", {
    "city_name": "Helsinki", "country": "FI", "government_kind": "city",
    "interest_confirmed": "yes", "interest_evidence": "Letter from the Mayor, 3 March 2026"})
DIVISION_SIGNING_PAGE = ("signing", {**CITY_PAGES[-1][1], **CITY_COORDINATOR})
DIVISION_PAGES = [DIVISION_FIRST_PAGE,
                  *(page for page in CITY_PAGES[1:-1] if page[0] != "purpose-fr"),
                  DIVISION_SIGNING_PAGE]
"""A division's pages before its last: its first page and signing page are its own, and
Helsinki's agreement is in English only, so no page asks the French text."""


def start_request(client: Browser) -> int:
    """Start a new request from My requests and return its id."""
    response = client.submit("/requests/new", page="/requests")
    assert response.status_code == 302, response.status_code
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def answer(client: Browser, request_id: int, slug: str, data: dict[str, Any],
           action: str = "continue", **kwargs: Any) -> Any:
    """Answer one page and press a button."""
    url = f"/requests/{request_id}/{slug}"
    return client.submit(url, {**data, "action": action}, **kwargs)


def upload_contacts(client: Browser, request_id: int, content: bytes = MINIMAL_PDF,
                    filename: str = "letter.pdf", **fields: Any) -> Any:
    """Answer the contacts page with a letter upload."""
    from io import BytesIO

    data: dict[str, Any] = {**CONTACTS, **fields, "action": "continue"}
    if content is not None:
        data["letter"] = (BytesIO(content), filename)
    return client.submit(f"/requests/{request_id}/contacts", data,
                         content_type="multipart/form-data")


def fill_pages(client: Browser, request_id: int, pages: list[tuple[str, dict[str, Any]]]) -> None:
    """Answer each page in turn, checking it moves on to the next."""
    for slug, data in pages:
        response = answer(client, request_id, slug, data)
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[:3000])


def submit(client: Browser, request_id: int) -> Any:
    """Confirm the declaration on the check-answers page and submit."""
    return client.submit(f"/requests/{request_id}/check", {"confirm": "y"})
