"""Serve the review actions on a request: one route over the table of what each action needs.

Each action names its form and the service verb it calls (``review.action_forms``); the
route loads the request, checks the form, calls the verb and commits once. A refused action
or a stale page shows the request again with the reason; nothing is applied.
"""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from forms.review import VersionedForm
from portal import access
from portal.access import staff_required
from portal.extensions import db
from portal.models import EngagementRequest
from portal.policy.page_actions import DECIDING, PageAction
from portal.review import services
from portal.review.action_forms import ACTIONS, make_form
from portal.review.confirm import decided_on_confirmation, render_confirmation
from portal.review.pages import render_request
from portal.review.routes import bp
from portal.translation import translate


@bp.route("/requests/<int:request_id>/act/<page_action:name>", methods=["POST"])
@staff_required
def act(request_id: int, name: PageAction) -> Response | tuple[str, int]:
    """Take review action ``name`` on a request, if the policy opens it to the user."""
    req = _open_to_user(request_id, name)
    form = make_form(name, req)
    if not form.validate_on_submit():
        return _invalid(req, name, form)
    try:
        services.check_version(req, form.expected_version)
        ACTIONS[name].handler(req, current_user, form)
        db.session.commit()
    except services.StaleRequest:
        return _stale(req)
    except StaleDataError:
        db.session.rollback()
        return _stale(db.session.get(EngagementRequest, request_id))
    except services.ActionRefused as refused:
        db.session.rollback()
        flash(translate(refused.message), "error")
        return render_request(db.session.get(EngagementRequest, request_id),
                              forms={name: form}, status=409)
    flash(_(ACTIONS[name].done), "success")
    return redirect(url_for("review.show", request_id=req.id))


def _open_to_user(request_id: int, name: PageAction) -> EngagementRequest:
    """Return the request if action ``name`` is open to the user on it, or stop.

    A page action with no form here (one of the agreement's, answering a consultation) is
    not found (404), as a name that is no action is by the URL converter; one the policy
    does not open now is answered with the request's page saying why (409): a decision
    names who takes it, a guarded action says what it waits for, any other refusal only
    that it is closed.
    """
    req = access.request_for(current_user, request_id)
    if name not in ACTIONS:
        abort(404)
    if name not in services.available_actions(req, current_user):
        reason = (services.why_not_decide(req, current_user, DECIDING[name])
                  if name in DECIDING else
                  services.blocked_actions(req, current_user).get(name))
        flash(translate(reason) if reason else
              _("That action is not open to you on this request now."), "error")
        abort(make_response(render_request(req, status=409)))
    return req


def _invalid(req: EngagementRequest, name: PageAction, form: VersionedForm) -> tuple[str, int]:
    """Show the form again with its errors where it was filled: a decision's own page."""
    if decided_on_confirmation(req, name):
        return render_confirmation(req, name, form, status=400)
    return render_request(req, forms={name: form}, status=400)


def _stale(req: EngagementRequest | None) -> tuple[str, int]:
    if req is None:
        abort(404)
    flash(_("This request changed since you opened it. Here it is as it is now: check it, "
            "then act again if you still need to. Nothing was changed."), "error")
    return render_request(req, status=409)
