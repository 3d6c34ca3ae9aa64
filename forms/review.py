"""Forms City staff use on a request: change a criterion's score, raise a concern."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField, ValidationError

from forms import BaseForm, MaxLength, Required, options
from portal.policy.rubric import SCORES


class ScoreChangeForm(BaseForm):
    """A reviewer's score for one criterion, and why it differs from the proposed one."""

    score = RadioField(_l("Your score"), choices=options((str(s), str(s)) for s in SCORES),
                       validators=[Required(_l("Select a score"))], validate_choice=False)
    justification = TextAreaField(
        _l("Why this score?"),
        validators=[Required(_l("Write why you changed the score: a justification is "
                                "required")), MaxLength(2000)])

    def validate_score(self, field: RadioField) -> None:
        """Refuse a score the rubric does not have."""
        if field.data and field.data not in {str(s) for s in SCORES}:
            raise ValidationError(_l("Select a score from the list"))


class ConcernForm(BaseForm):
    """A reviewer's reputational concern (empty clears it)."""

    concern = TextAreaField(_l("Reputational concern"), validators=[MaxLength(2000)],
                            description=_l("Shown to staff among the risk flags, never to the "
                                           "submitter. Leave empty to clear it."))
