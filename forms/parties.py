"""Ask who the agreement's Parties are: legal names, signatories, their authority, coordinators.

The intake's "Signing and notices" page asks a city of itself, and a division of the
counterpart (as far as it knows) and of its own coordinator; the reviewer's agreement
details form confirms all of it, for both Parties, before a draft is generated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, StringField, TextAreaField, ValidationError
from wtforms.validators import Email, Optional

from docgen.locales import official_languages
from forms import MaxLength, Required, options
from forms.agreements import GenerateDraftForm
from forms.fields import DateInputField
from forms.intake import LONG, SHORT, IntakeForm
from portal.models.cities import local_language_name
from portal.policy.parties import (
    FRENCH_DETAILS,
    details_asked,
    language_choice_needed,
    legal_name_example,
    start_date_problem,
)
from portal.policy.phrases import P_

LEGAL_NAME = 200
AUTHORITY = 300
ADDRESS = 500
EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.org")


def _checks(required: bool, missing: Any) -> list[Any]:
    return [Required(missing)] if required else [Optional()]


def legal_name(label: Any, missing: Any, required: bool = True) -> StringField:
    """Return a legal name's field; its example is set by the form, from the country."""
    return StringField(label, validators=[*_checks(required, missing), MaxLength(LEGAL_NAME)])


def person(label: Any, missing: Any, required: bool = True, hint: Any = None) -> StringField:
    """Return a field for a person's name or title."""
    return StringField(label, validators=[*_checks(required, missing), MaxLength(SHORT)],
                       description=hint)


def email(label: Any, missing: Any, required: bool = True) -> StringField:
    """Return an email address's field."""
    return StringField(label, validators=[
        *_checks(required, missing), MaxLength(254),
        Email(message=EMAIL_FORMAT, check_deliverability=False)])


def address(label: Any, missing: Any, required: bool = True) -> TextAreaField:
    """Return a postal address's field, one line of the address per line."""
    return TextAreaField(label, validators=[*_checks(required, missing), MaxLength(ADDRESS)],
                         description=_l("As it is written on an envelope, one line per line"))


def authority(label: Any, missing: Any, required: bool = True) -> TextAreaField:
    """Return the field for the authority under which a signatory signs."""
    return TextAreaField(label, validators=[*_checks(required, missing), MaxLength(AUTHORITY)],
                         description=_l(
                             "The law, charter or council decision under which they sign, for "
                             "example: as Mayor, under article 35 of Law 75/2013; or by "
                             "resolution of the City Council of 12 March 2026"))


def name_the_example(field: Field, country_code: str | None) -> None:
    """Give a legal name's field the hint and example for the counterpart's country."""
    # A phrase, not a lazy string: its example may be a phrase too, said in the page's words.
    field.description = P_(
        "The name the city government signs agreements under, as its own legal documents "
        "write it. For example: %(example)s", example=legal_name_example(country_code))


class SigningForm(IntakeForm):
    """City page: your city government as a legal party, who signs for it, who is told."""

    counterpart_legal_name = legal_name(_l("Legal name of your city government"),
                                        _l("Enter the legal name of your city government"))
    counterpart_language = RadioField(
        _l("Language of your city's version of the agreement"), validate_choice=False,
        description=_l("The agreement is made in English; a version in this language may be "
                       "signed with it."))
    counterpart_signatory_name = person(_l("Full name of the person who will sign"),
                                        _l("Enter the full name of the person who will sign"))
    counterpart_signatory_title = person(
        _l("Their title"), _l("Enter the title of the person who will sign"),
        hint=_l("For example, Mayor of Porto"))
    counterpart_signatory_authority = authority(
        _l("The authority by which they sign"),
        _l("Enter the authority by which they sign"))
    counterpart_coordinator_name = person(_l("Coordinator's full name"),
                                          _l("Enter the coordinator's full name"))
    counterpart_coordinator_title = person(_l("Coordinator's job title"),
                                           _l("Enter the coordinator's job title"))
    counterpart_coordinator_email = email(_l("Coordinator's email address"),
                                          _l("Enter the coordinator's email address"))
    counterpart_coordinator_address = address(_l("Coordinator's postal address"),
                                              _l("Enter the coordinator's postal address"))

    language_missing = _l("Select the language of your city's version of the agreement")

    def __init__(self, *args: Any, country_code: str | None = None, **kwargs: Any) -> None:
        """Offer the country's official languages, and an example of a legal name from it."""
        super().__init__(*args, **kwargs)
        languages = official_languages(country_code)
        self.offers_language = language_choice_needed(len(languages))
        self.counterpart_language.choices = options(
            [(code, local_language_name(code, name)) for code, name in languages])
        self.language_codes = {code for code, _name in languages}
        name_the_example(self.counterpart_legal_name, country_code)

    def validate_counterpart_language(self, field: RadioField) -> None:
        """Ask for one of the country's languages when it has several; else keep none."""
        if not self.offers_language:
            field.data = ""
            return
        if field.data and field.data not in self.language_codes:
            raise ValidationError(_l("Select one of the options"))
        if not field.data and not self.saving_draft:
            raise ValidationError(self.language_missing)


class DivisionSigningForm(SigningForm):
    """Division page: the counterpart as far as the division knows it, and its own coordinator.

    The counterpart's answers are optional here: a division may file before the counterpart
    has named its signatory, and the reviewer completes them before drafting.
    """

    counterpart_legal_name = legal_name(_l("Legal name of the counterpart city government "
                                           "(optional)"), "", required=False)
    counterpart_language = RadioField(
        _l("Language of the counterpart's version of the agreement (optional)"),
        validate_choice=False,
        description=_l("The agreement is made in English; a version in this language may be "
                       "signed with it."))
    counterpart_signatory_name = person(_l("Full name of the person who will sign for the "
                                           "counterpart (optional)"), "", required=False)
    counterpart_signatory_title = person(_l("Their title (optional)"), "", required=False,
                                         hint=_l("For example, Mayor of Porto"))
    counterpart_signatory_authority = authority(
        _l("The authority by which they sign (optional)"), "", required=False)
    counterpart_coordinator_name = person(_l("Counterpart coordinator's full name (optional)"),
                                          "", required=False)
    counterpart_coordinator_title = person(
        _l("Counterpart coordinator's job title (optional)"), "", required=False)
    counterpart_coordinator_email = email(
        _l("Counterpart coordinator's email address (optional)"), "", required=False)
    counterpart_coordinator_address = address(
        _l("Counterpart coordinator's postal address (optional)"), "", required=False)
    city_coordinator_name = person(_l("Your division's coordinator: full name"),
                                   _l("Enter the full name of your division's coordinator"))
    city_coordinator_title = person(_l("Your division's coordinator: job title"),
                                    _l("Enter the job title of your division's coordinator"))
    city_coordinator_email = email(_l("Your division's coordinator: email address"),
                                   _l("Enter the email address of your division's coordinator"))
    city_coordinator_address = address(
        _l("Your division's coordinator: postal address"),
        _l("Enter the postal address of your division's coordinator"))

    def validate_counterpart_language(self, field: RadioField) -> None:
        """Take one of the country's languages, or none: the reviewer may settle it."""
        if not self.offers_language:
            field.data = ""
        elif field.data and field.data not in self.language_codes:
            raise ValidationError(_l("Select one of the options"))


class AgreementDetailsForm(GenerateDraftForm):
    """What the reviewer confirms or corrects before a version of the draft is generated.

    Everything is required: an agreement names both Parties as legal persons, who signs for
    each and under what authority, and who receives each one's notices. The start date
    follows the policy's limits; the term and its end follow from it.
    """

    city_legal_name = legal_name(_l("The City's legal name"),
                                 _l("Enter the City's legal name"))
    counterpart_legal_name = legal_name(_l("The counterpart's legal name"),
                                        _l("Enter the counterpart's legal name"))
    signatory_name = person(_l("Who signs for the City: full name"),
                            _l("Enter the full name of the City's signatory"))
    signatory_title = person(_l("Who signs for the City: title"),
                             _l("Enter the title of the City's signatory"))
    counterpart_signatory_name = person(_l("Who signs for the counterpart: full name"),
                                        _l("Enter the full name of the counterpart's signatory"))
    counterpart_signatory_title = person(_l("Who signs for the counterpart: title"),
                                         _l("Enter the title of the counterpart's signatory"))
    counterpart_signatory_authority = authority(
        _l("The authority by which the counterpart's signatory signs"),
        _l("Enter the authority by which the counterpart's signatory signs"))
    city_coordinator_name = person(_l("The City's coordinator: full name"),
                                   _l("Enter the full name of the City's coordinator"))
    city_coordinator_title = person(_l("The City's coordinator: job title"),
                                    _l("Enter the job title of the City's coordinator"))
    city_coordinator_email = email(_l("The City's coordinator: email address"),
                                   _l("Enter the email address of the City's coordinator"))
    city_coordinator_address = address(_l("The City's coordinator: postal address"),
                                       _l("Enter the postal address of the City's coordinator"))
    counterpart_coordinator_name = person(
        _l("The counterpart's coordinator: full name"),
        _l("Enter the full name of the counterpart's coordinator"))
    counterpart_coordinator_title = person(
        _l("The counterpart's coordinator: job title"),
        _l("Enter the job title of the counterpart's coordinator"))
    counterpart_coordinator_email = email(
        _l("The counterpart's coordinator: email address"),
        _l("Enter the email address of the counterpart's coordinator"))
    counterpart_coordinator_address = address(
        _l("The counterpart's coordinator: postal address"),
        _l("Enter the postal address of the counterpart's coordinator"))
    start_date = DateInputField(
        _l("Start date"), noun=_l("Start date"),
        validators=[Required(_l("Enter the start date"))],
        description=_l("For example, 1 9 2027. The agreement takes effect on the later of "
                       "this date and the day of the last signature."))
    # The agreement's own words, in English: the title, and a paragraph a line for the rest.
    title = StringField(_l("Title"), validators=[
        Required(_l("Enter the title")), MaxLength(200)])
    objectives = TextAreaField(_l("Objectives"), validators=[
        Required(_l("Enter the objectives")), MaxLength(LONG)],
        description=_l("As the agreement should word them, one objective per line"))
    activities = TextAreaField(_l("Activities"), validators=[
        Required(_l("Enter the activities")), MaxLength(LONG)],
        description=_l("One activity per line"))
    outcomes = TextAreaField(_l("Outcomes"), validators=[MaxLength(LONG)],
                             description=_l("One outcome per line, with its indicator and "
                                            "target"))
    # The French version's words: asked, and required, only for a bilingual agreement.
    title_fr = StringField(_l("Title, in French"), validators=[MaxLength(200)])
    objectives_fr = TextAreaField(_l("Objectives, in French"), validators=[MaxLength(LONG)],
                                  description=_l("One objective per line"))
    activities_fr = TextAreaField(_l("Activities, in French"), validators=[MaxLength(LONG)],
                                  description=_l("One activity per line"))
    outcomes_fr = TextAreaField(_l("Outcomes, in French"), validators=[MaxLength(LONG)],
                                description=_l("One outcome per line, with its indicator and "
                                               "target"))

    french_missing = {
        "title_fr": _l("Enter the title in French"),
        "objectives_fr": _l("Enter the objectives in French"),
        "activities_fr": _l("Enter the activities in French"),
        "outcomes_fr": _l("Enter the outcomes in French"),
    }

    def __init__(self, *args: Any, country_code: str | None = None,
                 bilingual: bool = False, **kwargs: Any) -> None:
        """Give the counterpart's legal name its country's example; ask French if bilingual."""
        super().__init__(*args, **kwargs)
        name_the_example(self.counterpart_legal_name, country_code)
        self.bilingual = bilingual
        if bilingual:
            for name in FRENCH_DETAILS:
                field = getattr(self, name)
                field.validators = [Required(self.french_missing[name]), *field.validators]

    def validate_start_date(self, field: DateInputField) -> None:
        """Refuse a start the policy does not allow: in the past, or too far ahead."""
        problem = None if field.data is None else start_date_problem(field.data, date.today())
        if problem:
            raise ValidationError(problem)  # a phrase: the page says it in its language

    def confirmed(self) -> dict[str, Any]:
        """Return the confirmed details, named as the agreement's terms name them."""
        return {name: getattr(self, name).data for name in details_asked(self.bilingual)}
