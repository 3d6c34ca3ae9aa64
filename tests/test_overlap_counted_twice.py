"""The overlap risk was counted twice, and the queue and the request page disagreed.

The queue's SQL left out only the agreement made from the request itself (so a renewal or a
promotion was flagged for the very agreement it replaces), while the request page left out
every International Project with the city when a request promoted one. One rule now
(``portal.policy.registry.overlaps``) and SQL written to match it: this table holds the
queue's risk filter, the queue's row flags and the request page's flags to the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from portal.assessment import services as assessment
from portal.extensions import db
from portal.geography import find_or_create_city
from portal.models import Agreement, EngagementRequest
from portal.policy.agreements import AgreementStatus
from portal.policy.risk import RiskFlag
from portal.policy.roles import Role
from portal.review import queue
from tests.factories import submitted_request

IP, P = "international_project", "partnership_city"
ACTIVE, EXPIRED = AgreementStatus.ACTIVE.value, AgreementStatus.EXPIRED.value


@dataclass(frozen=True)
class Held:
    """An agreement in the registry for one row of the table.

    ``role`` ties it to the request: "renewed", "promoted", "made" (from the request) or
    "" (none). ``city`` is (name, country, linked to a city record or not).
    """

    category: str = IP
    status: str = ACTIVE
    role: str = ""
    city: tuple[str, str | None, bool] = ("Lyon", "FR", True)


OTHER_CITY = ("Porto", "PT", True)

CASES: dict[str, tuple[str, tuple[Held, ...], bool]] = {
    # id: (request's category, agreements, overlap expected)
    "plain-nothing-held": (IP, (), False),
    "plain-project-in-force": (IP, (Held(),), True),
    "plain-other-category-in-force": (IP, (Held(category=P),), True),
    "plain-expired": (IP, (Held(status=EXPIRED),), False),
    "plain-other-city": (IP, (Held(city=OTHER_CITY),), False),
    "plain-unlinked-same-name-no-country": (IP, (Held(city=("LYON", None, False)),), True),
    "plain-unlinked-same-name-other-country": (IP, (Held(city=("Lyon", "US", False)),), False),
    "made-from-the-request": (IP, (Held(role="made"),), False),
    "renewal-alone": (IP, (Held(role="renewed"),), False),
    "renewal-and-another-in-force": (IP, (Held(role="renewed"), Held(category=P)), True),
    "renewal-and-an-expired-one": (IP, (Held(role="renewed"), Held(status=EXPIRED)), False),
    "renewal-and-other-city": (IP, (Held(role="renewed"), Held(city=OTHER_CITY)), False),
    "promotion-alone": (P, (Held(role="promoted"),), False),
    "promotion-and-another-project": (P, (Held(role="promoted"), Held()), True),
    "promotion-and-an-expired-project": (P, (Held(role="promoted"), Held(status=EXPIRED)),
                                         False),
    "promotion-and-a-partnership": (P, (Held(role="promoted"), Held(category=P)), True),
    "promotion-and-other-city": (P, (Held(role="promoted"), Held(city=OTHER_CITY)), False),
}


def _add(held: Held, req: EngagementRequest) -> Agreement:
    name, country, linked = held.city
    start = date.today() - timedelta(days=400)
    agreement = Agreement(
        counterpart_name=name, country_code=country,
        counterpart_city=find_or_create_city(name, country or "FR") if linked else None,
        category=held.category, status=held.status, start_date=start,
        end_date=start + timedelta(days=700), request_id=req.id if held.role == "made" else None)
    db.session.add(agreement)
    db.session.flush()
    if held.role == "renewed":
        req.renews_agreement_id = agreement.id
    elif held.role == "promoted":
        req.promotes_agreement_id = agreement.id
    return agreement


@pytest.mark.parametrize(("category", "held", "expected"), CASES.values(), ids=CASES.keys())
def test_overlap_risk_disagreed_between_queue_and_request_page(
        app, make_city_user, make_staff, category: str, held: tuple[Held, ...],
        expected: bool) -> None:
    reviewer = make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    req = submitted_request(make_city_user(), requested_category=category,
                            term_years=5 if category == P else 2)
    for one in held:
        _add(one, req)
    db.session.commit()

    filtered = queue.queue_page(reviewer, queue.QueueFilters(risk=RiskFlag.OVERLAP.value))
    in_filter = req.id in {row.request.id for row in filtered.rows}
    assert filtered.total == len(filtered.rows)  # the count agrees with the rows shown
    (row,) = [r for r in queue.queue_page(reviewer, queue.QueueFilters()).rows
              if r.request.id == req.id]
    in_row = RiskFlag.OVERLAP in {note.flag for note in row.risks}
    on_page = RiskFlag.OVERLAP in {note.flag for note in assessment.risks(req)}
    assert (in_filter, in_row, on_page) == (expected, expected, expected)
