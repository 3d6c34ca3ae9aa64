"""Form of a personal access token for the read API: its name and the day it expires."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from forms import BaseForm, MaxLength, Required
from forms.fields import DateInputField
from portal.policy.api_tokens import NAME_MAX


class ApiTokenForm(BaseForm):
    """A new token; the policy refuses an expiry date out of range (the service says why)."""

    name = StringField(_l("Token name"), validators=[Required(_l("Enter a name for the token")),
                                                     MaxLength(NAME_MAX)],
                       description=_l("What the token is for, for example “Weekly report”"))
    expires_on = DateInputField(_l("Expires on"), noun=_l("Expiry date"),
                                validators=[Required(_l("Enter the day the token expires"))],
                                description=_l("At most a year from today, for example 31 3 2027"))
