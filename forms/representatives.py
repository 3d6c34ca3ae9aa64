"""Forms to refuse a claimed link to a city and to invite a colleague who represents it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Email

from forms import BaseForm, MaxLength, Required
from portal.policy.trust import REFUSAL_REASON_MAX


class RefusalForm(BaseForm):
    """A reviewer refuses an account's claim to represent a city, saying why."""

    reason = TextAreaField(
        _l("Why can this account not be verified?"),
        validators=[Required(_l("Write the reason: the person is told it")),
                    MaxLength(REFUSAL_REASON_MAX)],
        description=_l("The person receives this reason by email. For example: the email "
                       "address is not the city administration's and no letter confirms the "
                       "role."),
    )


class InvitationForm(BaseForm):
    """A verified representative invites a colleague of the same city."""

    name = StringField(_l("Colleague's full name"),
                       validators=[Required(_l("Enter your colleague's full name")),
                                   MaxLength(120)])
    job_title = StringField(_l("Colleague's job title"),
                            validators=[Required(_l("Enter your colleague's job title")),
                                        MaxLength(120)])
    email = EmailField(
        _l("Colleague's email address"),
        validators=[Required(_l("Enter your colleague's email address")), MaxLength(254),
                    Email(message=_l("Enter an email address in the correct format, like "
                                     "name@example.org"), check_deliverability=False)],
        filters=[lambda value: value.lower() if isinstance(value, str) else value],
    )
