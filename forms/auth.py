"""Forms to register a city's account, sign in, confirm an email and reset a password."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email

from forms import BaseForm, MaxLength, Required, options
from forms.fields import CountryField
from portal.policy.counterparts import GovernmentKind

PASSWORD_MIN = 12


def _check_password_strength(form: BaseForm, field: PasswordField) -> None:
    if field.data and len(field.data) < PASSWORD_MIN:
        raise ValidationError(_l("Password must be at least %(n)s characters", n=PASSWORD_MIN))
    if field.data and len(field.data) > 128:
        raise ValidationError(_l("Password must be 128 characters or fewer"))


def _email_field(label: str) -> EmailField:
    return EmailField(
        label,
        validators=[
            Required(_l("Enter an email address")),
            MaxLength(254),
            Email(message=_l("Enter an email address in the correct format, like name@example.org"),
                  check_deliverability=False),
        ],
        filters=[lambda value: value.lower() if isinstance(value, str) else value],
    )


def new_password_field() -> PasswordField:
    """Return the field for a new password (made where it stands, so it keeps page order)."""
    return PasswordField(
        _l("Create a password"),
        validators=[Required(_l("Enter a password")), _check_password_strength],
        description=_l("At least 12 characters. A few unrelated words make a strong password."),
    )


def confirm_password_field() -> PasswordField:
    """Return the field that repeats the new password."""
    return PasswordField(
        _l("Confirm your password"), validators=[Required(_l("Confirm your password"))]
    )


class PasswordPair:
    """Mixin: a new password typed twice; the form declares the two fields where they stand."""

    def validate_confirm(self, field: PasswordField) -> None:
        """Refuse a confirmation that differs from the password."""
        if field.data and field.data != self.password.data:  # type: ignore[attr-defined]
            raise ValidationError(_l("Passwords do not match"))


def government_kind_choices() -> list[SelectChoice]:
    """Return every kind of body, local governments first, as the policy lists them."""
    return options((kind.value, kind.label) for kind in GovernmentKind)


class GovernmentKindForm(BaseForm):
    """Registration, first step: only the kind of government.

    An ineligible body is told at once and types nothing more.
    """

    government_kind = RadioField(
        _l("What kind of government or organization do you represent?"),
        validators=[Required(_l("Select the kind of government or organization you represent"))],
        choices=government_kind_choices(),
        validate_choice=False,
    )

    def validate_government_kind(self, field: RadioField) -> None:
        """Refuse a value that is not one of the choices."""
        if field.data and field.data not in {kind.value for kind in GovernmentKind}:
            raise ValidationError(_l("Select one of the options"))


class RegistrationForm(PasswordPair, BaseForm):
    """Registration, second step: a local government's representative opens an account."""

    name = StringField(_l("Full name"), validators=[Required(_l("Enter your full name")),
                                                    MaxLength(120)])
    job_title = StringField(
        _l("Job title"),
        validators=[Required(_l("Enter your job title")), MaxLength(120)],
        description=_l("For example, Director of International Relations"),
    )
    email = _email_field(_l("Email address"))
    city_name = StringField(
        _l("City you represent"),
        validators=[Required(_l("Enter the name of the city you represent")), MaxLength(120)],
        description=_l("Write it as your city writes it, for example São Paulo or Київ"),
    )
    country = CountryField(_l("Country"), validators=[Required(_l("Select the country"))])

    password = new_password_field()
    confirm = confirm_password_field()


class LoginForm(BaseForm):
    """Sign in with an email address and a password."""

    email = _email_field(_l("Email address"))
    password = PasswordField(_l("Password"), validators=[Required(_l("Enter your password"))])


class ForgotPasswordForm(BaseForm):
    """Ask for a link to reset a forgotten password."""

    email = _email_field(_l("Email address"))


class ResetPasswordForm(PasswordPair, BaseForm):
    """Choose a new password through a reset or invitation link."""

    password = new_password_field()
    confirm = confirm_password_field()
