"""Say in SQL whether a request overlaps an agreement the City holds, for the queue's filter.

The risk flag itself is the policy's (``portal.policy.registry.overlaps``) and is computed in
Python for the rows on a page; filtering the whole queue by it needs the same rule in SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import Agreement, CounterpartCity, EngagementRequest
from portal.policy.registry import city_key

_RequestCity = aliased(CounterpartCity)
_AgreementCity = aliased(CounterpartCity)


def _same_country(code: Any, other: Any) -> Any:
    """Match ``policy.registry.same_city``'s countries: either one missing, or equal."""
    return or_(code == "", other == "", func.upper(func.trim(code)) == func.upper(func.trim(other)))


def overlaps_condition() -> Any:
    """Return the SQL of ``portal.policy.registry.overlaps``, for the request being filtered.

    Written to match the policy clause by clause (a test table holds the two together): an
    active agreement with a category, with the same city (a linked agreement is its city,
    by folded name and country; an unlinked one by the folded name and country it records),
    neither the one the request renews or promotes nor the one made from it. SQL cannot fold
    a name as the policy does, so the few unlinked agreements are folded here, in Python,
    and matched by id.
    """
    from portal.registry.listing import current_condition  # the registry's derived state

    held = current_condition(date.today())
    unlinked = db.session.execute(select(
        Agreement.id, Agreement.counterpart_name, Agreement.country_code).where(
        held, Agreement.category.is_not(None),
        Agreement.counterpart_city_id.is_(None))).all()
    by_name = [
        and_(Agreement.id == aid, _RequestCity.folded_name == city_key(name),
             *([] if not (code or "").strip() else
               [_same_country(_RequestCity.country_code, literal(code))]))
        for aid, name, code in unlinked if city_key(name)
    ]
    return (
        select(Agreement.id)
        .outerjoin(_AgreementCity, Agreement.counterpart_city_id == _AgreementCity.id)
        .join(_RequestCity, _RequestCity.id == EngagementRequest.counterpart_city_id)
        .where(
            held,
            Agreement.category.is_not(None),
            _RequestCity.folded_name != "",
            or_(and_(_AgreementCity.folded_name == _RequestCity.folded_name,
                     _same_country(_AgreementCity.country_code, _RequestCity.country_code)),
                *by_name),
            or_(Agreement.request_id.is_(None), Agreement.request_id != EngagementRequest.id),
            or_(EngagementRequest.renews_agreement_id.is_(None),
                Agreement.id != EngagementRequest.renews_agreement_id),
            or_(EngagementRequest.promotes_agreement_id.is_(None),
                Agreement.id != EngagementRequest.promotes_agreement_id),
        )
        .exists()
    )
