"""Form of the City's closures: the day it closes and why."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from forms import BaseForm, MaxLength, Required
from forms.fields import DateInputField
from portal.policy.working_days import CLOSURE_REASON_MAX


class ClosureForm(BaseForm):
    """A day the City closes beyond its holidays; the policy's refusals come from the service."""

    day = DateInputField(_l("Day the City is closed"), noun=_l("Day"),
                         validators=[Required(_l("Enter the day the City is closed"))],
                         description=_l("For example, 27 1 2027"))
    reason = StringField(_l("Reason"), validators=[Required(_l("Enter the reason")),
                                                   MaxLength(CLOSURE_REASON_MAX)],
                         description=_l("What people will read in the list, for example "
                                        "“Ice storm: City offices closed”"))
