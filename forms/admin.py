"""Forms an administrator uses to manage staff accounts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, ValidationError

from forms import BaseForm, MaxLength, Required, options
from forms.auth import _email_field
from portal.models import Division
from portal.policy.roles import ROLES_WITH_DIVISION, Role, SigningOffice
from portal.policy.signatories import account_office_problems

STAFF_ROLES = [role for role in Role if role is not Role.CITY]


class StaffAccountForm(BaseForm):
    """Name, title, role, division and signing office of a staff account."""

    name = StringField(_l("Full name"), validators=[Required(_l("Enter the full name")),
                                                    MaxLength(120)])
    job_title = StringField(_l("Job title"), validators=[Required(_l("Enter the job title")),
                                                         MaxLength(120)])
    role = RadioField(_l("Role"), choices=options((r.value, r.label) for r in STAFF_ROLES),
                      validators=[Required(_l("Select a role"))], validate_choice=False)
    division_id = SelectField(_l("Division"), validate_choice=False,
                              description=_l("Required for division staff, supporting "
                                             "reviewers and Division Heads"))
    signing_office = SelectField(
        _l("Signing office"), validate_choice=False,
        choices=options([("", _l("None")), *((o.value, o.label) for o in SigningOffice)]),
        description=_l("Only for a signing authority"))

    def __init__(self, *args: Any, divisions: list[Division], **kwargs: Any) -> None:
        """Fill the division list."""
        super().__init__(*args, **kwargs)
        self.division_id.choices = options(
            [("", _l("None")), *((str(d.id), d.name) for d in divisions)])
        self._division_ids = {str(d.id) for d in divisions}

    def validate_role(self, field: RadioField) -> None:
        """Refuse a role that is not a staff role."""
        if field.data and field.data not in {r.value for r in STAFF_ROLES}:
            raise ValidationError(_l("Select one of the roles"))

    def validate_division_id(self, field: SelectField) -> None:
        """Ask for a division where the role needs one."""
        if field.data and field.data not in self._division_ids:
            raise ValidationError(_l("Select a division from the list"))
        role = self.role.data
        needs = role in {r.value for r in ROLES_WITH_DIVISION} or (
            role == Role.SIGNING_AUTHORITY.value
            and self.signing_office.data == SigningOffice.DIVISION_HEAD.value)
        if needs and not field.data:
            raise ValidationError(_l("Select the division this person works in"))

    def validate_signing_office(self, field: SelectField) -> None:
        """Ask for an office for a signing authority, and only then (the policy's rule)."""
        if field.data and field.data not in {o.value for o in SigningOffice}:
            raise ValidationError(_l("Select an office from the list"))
        is_authority = self.role.data == Role.SIGNING_AUTHORITY.value
        # The division is checked at its own field; only the office's problem is told here.
        problems = account_office_problems(is_authority, SigningOffice(field.data)
                                           if field.data and is_authority else None, True)
        if problems:
            raise ValidationError(_l("Select the office a signing authority holds"))

    @property
    def division_value(self) -> int | None:
        """Return the chosen division's id."""
        return int(self.division_id.data) if self.division_id.data else None

    @property
    def office_value(self) -> SigningOffice | None:
        """Return the chosen signing office, for a signing authority only."""
        if self.role.data != Role.SIGNING_AUTHORITY.value or not self.signing_office.data:
            return None
        return SigningOffice(self.signing_office.data)


class NewStaffAccountForm(StaffAccountForm):
    """A new staff account: the fields above and an email address."""

    email = _email_field(_l("Email address"))
