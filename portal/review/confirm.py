"""Serve the signing authority's confirmation page: what approving or declining will do.

A decision of the named signatory (``policy.decisions.confirmed_first``) is not taken from
a button among the request's other actions: the request page and the home link here, and
this page restates the recommendation, the score, the risks and why this person decides,
then says what follows (the status the request takes, who is told, the step it then waits
on) above the form. The form posts to the review's one action route, which asks the policy
again: a page opened by anyone else, or a request no longer awaiting the decision, is
answered 409 with who decides, and nothing changes.
"""

from __future__ import annotations

from flask import abort, flash, render_template
from flask_login import current_user

from forms.review import VersionedForm
from portal import access
from portal.access import roles_required
from portal.models import EngagementRequest
from portal.policy.decisions import confirmed_first
from portal.policy.inbox import decision_outcome
from portal.policy.page_actions import DECIDING, PageAction
from portal.policy.roles import Role
from portal.policy.steps import STEP_IN_SENTENCE
from portal.review import services
from portal.review.action_forms import make_form
from portal.review.briefs import decision_brief
from portal.review.pages import render_request
from portal.review.routes import bp


def render_confirmation(req: EngagementRequest, name: PageAction, form: VersionedForm,
                        status: int = 200) -> tuple[str, int]:
    """Render the confirmation of decision ``name`` on ``req``, with the form as given."""
    outcome = decision_outcome(req.status_enum, DECIDING[name])
    then = STEP_IN_SENTENCE.get(outcome.then) if outcome and outcome.then else None
    return render_template("review/confirm_decision.html", req=req, name=name, form=form,
                           brief=decision_brief(req), outcome=outcome, then=then), status


@bp.route("/requests/<int:request_id>/decide/<page_action:name>")
@roles_required(Role.SIGNING_AUTHORITY)
def confirm_decision(request_id: int, name: PageAction) -> tuple[str, int]:
    """Show what approving or declining will do, and the form that does it."""
    req = access.request_for(current_user, request_id)
    if name not in DECIDING:
        abort(404)
    refusal = services.why_not_decide(req, current_user, DECIDING[name])
    if refusal is not None:
        flash(refusal, "error")
        return render_request(req, status=409)
    return render_confirmation(req, name, make_form(name, req, fresh=True))


@bp.app_template_global()
def decided_on_confirmation(req: EngagementRequest, name: PageAction) -> bool:
    """Return whether action ``name`` on ``req`` is taken on its confirmation page."""
    action = DECIDING.get(name)
    return action is not None and confirmed_first(req.status_enum, action)
