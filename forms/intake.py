"""Define the forms of the guided intake, one per page.

Cities and divisions share the pages whose questions are the same. Term limits and the
lists of choices come from the policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    RadioField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from forms import BaseForm, MaxLength, Required, RowList, SubForm, options
from forms.auth import government_kind_choices
from forms.fields import (
    CheckboxesField,
    CountryField,
    DateInputField,
    MoneyField,
    WholeNumberField,
)
from portal.policy.areas import AREAS_OF_COOPERATION
from portal.policy.categories import NOT_SURE, Category, parse_category, term_problem
from portal.policy.counterparts import GovernmentKind
from portal.policy.parties import start_date_problem

SHORT = 120
LONG = 5000


def _text(label: Any, missing: Any, limit: int = LONG, hint: Any = None) -> TextAreaField:
    return TextAreaField(label, validators=[Required(missing), MaxLength(limit)], description=hint)


class IntakeForm(BaseForm):
    """A page of the intake; ``saving_draft`` relaxes "required" for save-and-come-back.

    The form maps itself onto the request and back: ``load`` shows what is stored apart from
    the columns the fields name (which ``obj=`` fills), ``answers`` gives what passed its
    own checks, as the intake's ``save_page`` stores it.
    """

    saving_draft = False
    choice_hints: dict[str, dict[str, Any]] = {}
    UNANSWERED_WHEN_EMPTY = frozenset({"government_kind", "requested_category"})
    """Choices stored as "not answered" (None) rather than as an empty string."""

    def load(self, obj: Any) -> None:
        """Show the answers of ``obj`` that do not map one to one onto a field."""

    def answers(self, names: Iterable[str]) -> dict[str, Any]:
        """Return the page's answers that passed their own checks, for ``save_page``.

        ``columns`` holds the answers to the fields ``names`` (the page's columns); the
        other keys hold what a page stores apart (see the subclasses).
        """
        columns: dict[str, Any] = {}
        for name in names:
            field = getattr(self, name, None)
            if field is None or field.errors:
                continue
            empty = field.data == "" and name in self.UNANSWERED_WHEN_EMPTY
            columns[name] = None if empty else self.stored(name, field.data)
        return {"columns": columns}

    def stored(self, name: str, value: Any) -> Any:
        """Return a field's value as the request stores it."""
        return value


class AboutYouForm(IntakeForm):
    """City page 1: the representative and the kind of government they represent."""

    representative_name = StringField(_l("Your full name"), validators=[
        Required(_l("Enter your full name")), MaxLength(SHORT)])
    representative_title = StringField(_l("Your job title"), validators=[
        Required(_l("Enter your job title")), MaxLength(SHORT)],
        description=_l("For example, Director of International Relations"))
    government_kind = RadioField(
        _l("What kind of government do you represent?"),
        validators=[Required(_l("Select the kind of government you represent"))],
        choices=government_kind_choices(), validate_choice=False,
        description=_l("The program is for city-to-city engagement: only local governments "
                       "can sign an agreement."),
    )

    def validate_government_kind(self, field: RadioField) -> None:
        """Refuse a value that is not one of the choices."""
        if field.data and field.data not in {kind.value for kind in GovernmentKind}:
            raise ValidationError(_l("Select one of the options"))


class CounterpartForm(AboutYouForm):
    """Division page 1: the counterpart city and whether it is interested."""

    representative_name = None  # type: ignore[assignment]
    representative_title = None  # type: ignore[assignment]
    city_name = StringField(_l("Counterpart city"), validators=[
        Required(_l("Enter the name of the counterpart city")), MaxLength(SHORT)],
        description=_l("As the city writes it, for example São Paulo or Київ"))
    country = CountryField(_l("Country"), validators=[Required(_l("Select the country"))])
    government_kind = RadioField(
        _l("What kind of government is the counterpart?"),
        validators=[Required(_l("Select the kind of government the counterpart is"))],
        choices=government_kind_choices(), validate_choice=False,
    )
    interest_confirmed = RadioField(
        _l("Has the counterpart confirmed its interest?"),
        choices=options([("yes", _l("Yes")), ("no", _l("Not yet"))]),
        validators=[Required(_l("Select whether the counterpart has confirmed its interest"))],
        validate_choice=False,
    )
    interest_evidence = TextAreaField(
        _l("How and when did it confirm?"), validators=[MaxLength(2000)],
        description=_l("For example, a letter from the Mayor's office dated 3 March 2026"),
    )

    def validate_interest_evidence(self, field: TextAreaField) -> None:
        """Ask how the interest was confirmed when the answer is yes."""
        if not self.saving_draft and self.interest_confirmed.data == "yes" and not field.data:
            raise ValidationError(_l("Say how and when the counterpart confirmed its interest"))

    def load(self, obj: Any) -> None:
        """Show the counterpart city by name and country, and the interest as yes or no."""
        if obj.counterpart_city:
            self.city_name.data = obj.counterpart_city.name
            self.country.data = obj.counterpart_city.country_code
        self.interest_confirmed.data = {True: "yes", False: "no"}.get(obj.interest_confirmed)

    def stored(self, name: str, value: Any) -> Any:
        """Store whether the interest is confirmed as True, False or not answered."""
        if name == "interest_confirmed":
            return {"yes": True, "no": False}.get(value)
        return value

    def answers(self, names: Iterable[str]) -> dict[str, Any]:
        """Return the page's answers, and ``counterpart`` (city, country) once both are valid."""
        answers = super().answers(names)
        if not (self.city_name.errors or self.country.errors) and self.city_name.data \
                and self.country.data:
            answers["counterpart"] = (self.city_name.data, self.country.data)
        return answers


def category_choices() -> list[SelectChoice]:
    """Return the categories the policy defines, then "not sure"."""
    return options([*((c.value, c.label) for c in Category), (NOT_SURE, _l("I'm not sure yet"))])


CATEGORY_VALUES = frozenset([*(c.value for c in Category), NOT_SURE])


class AgreementForm(IntakeForm):
    """Page 2: the kind of agreement sought, its term and proposed start."""

    requested_category = RadioField(
        _l("What kind of agreement are you seeking?"),
        validators=[Required(_l("Select the kind of agreement you are seeking"))],
        choices=category_choices(), validate_choice=False,
    )
    term_years = WholeNumberField(
        _l("Term, in years"), noun=_l("Term"),
        validators=[Required(_l("Enter the term, in years"))],
        description=_l("How long the agreement would run."),
    )
    start_date = DateInputField(
        _l("Proposed start date"), noun=_l("Start date"),
        validators=[Required(_l("Enter the proposed start date"))],
        description=_l("For example, 1 9 2027"),
    )

    @property
    def choice_hints(self) -> dict[str, dict[str, Any]]:  # type: ignore[override]
        """Explain each category as the policy does."""
        hints: dict[str, Any] = {c.value: c.rule.explanation for c in Category}
        hints[NOT_SURE] = _l("The City Clerk's Office will suggest the category that fits.")
        return {"requested_category": hints}

    def __init__(self, *args: Any, duplicates: Callable[[Category | None], bool] | None = None,
                 counterpart: str = "", **kwargs: Any) -> None:
        """Take the policy's duplicate gate for the request, and its city's name."""
        super().__init__(*args, **kwargs)
        self.duplicates, self.counterpart = duplicates, counterpart

    def validate_requested_category(self, field: RadioField) -> None:
        """Refuse a value not among the choices, and a category held (to go on, not to save)."""
        if field.data and field.data not in CATEGORY_VALUES:
            raise ValidationError(_l("Select one of the options"))
        category = parse_category(field.data)
        if self.saving_draft or not field.data or not self.duplicates \
                or not self.duplicates(category):
            return  # "Save and come back later" keeps the choice; the page tells the gate
        city = self.counterpart or _l("the counterpart city")
        if category is None:
            raise ValidationError(_l(
                "The City already holds a current agreement of each kind with %(city)s, so "
                "this request cannot be submitted in either. Propose to renew or promote one "
                "of them instead.", city=city))
        raise ValidationError(_l(
            "The City already holds a current %(category)s agreement with %(city)s, so this "
            "request cannot be submitted in that category. Choose the other kind, or propose "
            "to renew or promote the agreement the City holds.",
            category=_l(category.label), city=city))

    def validate_term_years(self, field: WholeNumberField) -> None:
        """Refuse a term the policy does not allow for the chosen category."""
        if field.data is None:
            return
        chosen = self.requested_category.data
        category = parse_category(chosen) if chosen in CATEGORY_VALUES else None
        problem = term_problem(category, field.data)
        if problem:
            raise ValidationError(problem)

    def validate_start_date(self, field: DateInputField) -> None:
        """Refuse a start the policy does not allow: in the past, or implausibly far ahead."""
        problem = None if field.data is None else start_date_problem(field.data, date.today())
        if problem:
            raise ValidationError(problem)  # a phrase: the page says it in its language


class OutcomeRowForm(SubForm):
    """One row of outcomes: the outcome, how it is measured, and the target."""

    outcome = StringField(_l("Outcome"), validators=[MaxLength(300)],
                          description=_l("For example, more youth exchanges"))
    indicator = StringField(_l("Indicator"), validators=[MaxLength(300)],
                            description=_l("How it is measured, for example students exchanged"))
    target = StringField(_l("Target"), validators=[MaxLength(200)],
                         description=_l("For example, 40 a year by 2028"))

    @property
    def is_blank(self) -> bool:
        """Return whether nothing was typed in the row."""
        return not (self.outcome.data or self.indicator.data or self.target.data)


MAX_OUTCOMES = 10


class PurposeForm(IntakeForm):
    """Page 3: purpose, objectives, activities and measurable outcomes."""

    title = StringField(_l("Short title"), validators=[
        Required(_l("Enter a short title")), MaxLength(200)],
        description=_l("For example, Toronto–Lyon climate-ready streets exchange"))
    purpose = _text(_l("Purpose"), _l("Enter the purpose of the engagement"),
                    hint=_l("Why the two cities want to work together"))
    objectives = _text(_l("Objectives"), _l("Enter the objectives"),
                       hint=_l("One objective per line"))
    activities = _text(_l("Planned activities"), _l("Enter the planned activities"),
                       hint=_l("One activity per line, for example a study visit in spring 2027"))
    outcomes = RowList(FormField(OutcomeRowForm), min_entries=1, max_entries=MAX_OUTCOMES,
                       label=_l("Measurable outcomes"))

    def validate_outcomes(self, field: FieldList) -> None:
        """Ask for at least one complete outcome, and every started row to be finished."""
        if self.saving_draft:
            return
        complete = 0
        for row in field:
            form: OutcomeRowForm = row.form
            if form.is_blank:
                continue
            for part, message in (
                (form.outcome, _l("Enter the outcome")),
                (form.indicator, _l("Enter how the outcome will be measured")),
                (form.target, _l("Enter the target")),
            ):
                if not part.data:
                    part.errors = [*part.errors, message]
            if form.outcome.data and form.indicator.data and form.target.data:
                complete += 1
        if complete == 0 and not any(row.form.errors for row in field):
            field[0].form.outcome.errors = [_l("Enter at least one measurable outcome, with "
                                               "its indicator and target")]
            raise ValidationError("")
        if any(row.form.errors for row in field):
            raise ValidationError("")

    def load(self, obj: Any) -> None:
        """Show each stored outcome on a row of its own, or one empty row."""
        while len(self.outcomes.entries):
            self.outcomes.pop_entry()
        for outcome in obj.outcomes or [None]:
            self.outcomes.append_entry(
                {"outcome": outcome.outcome, "indicator": outcome.indicator,
                 "target": outcome.target} if outcome else None)

    def answers(self, names: Iterable[str]) -> dict[str, Any]:
        """Return the page's answers, and ``outcomes``: every row filled in and valid."""
        return {**super().answers(names), "outcomes": [
            (row.form.outcome.data, row.form.indicator.data, row.form.target.data)
            for row in self.outcomes if not row.form.is_blank and not row.form.errors]}


class AreasForm(IntakeForm):
    """Page 4: areas of cooperation and alignment with City priorities."""

    areas = CheckboxesField(
        _l("Areas of cooperation"),
        choices=options(AREAS_OF_COOPERATION.items()),
        validators=[Required(_l("Select at least one area of cooperation"))],
        description=_l("Select all that apply."),
    )
    alignment = _text(_l("How does this align with the City's priorities?"),
                      _l("Say how the engagement aligns with the City's priorities"),
                      hint=_l("Name the City strategies or plans it supports, for example "
                              "TransformTO or the Economic Development Strategy"))


class TiesForm(IntakeForm):
    """Page 5: people-to-people ties and the relationship so far."""

    community_ties = _text(
        _l("People-to-people and community ties"),
        _l("Describe the ties between the two cities' people and communities"),
        hint=_l("For example, diaspora communities in Toronto, student exchanges, cultural "
                "organizations"))
    relationship_since = WholeNumberField(
        _l("Year the cities' relationship began (optional)"), noun=_l("Year"),
        validators=[Optional()], description=_l("Leave empty if there is no relationship yet"))
    past_projects = TextAreaField(
        _l("Past joint projects (optional)"), validators=[MaxLength(LONG)],
        description=_l("One project per line, with its year"))

    def validate_relationship_since(self, field: WholeNumberField) -> None:
        """Refuse a year in the future or before modern municipal relations."""
        if field.data is not None and not 1800 <= field.data <= date.today().year:
            raise ValidationError(_l("Year must be between 1800 and %(year)s",
                                     year=date.today().year))


class ResourcesForm(IntakeForm):
    """Page 6: cost to the City, funding, staff time and the counterpart's commitment."""

    anticipated_cost = MoneyField(
        _l("Anticipated cost to the City, in Canadian dollars"), noun=_l("Cost"),
        validators=[Required(_l("Enter the anticipated cost to the City, or 0"))],
        description=_l("Enter 0 if the City bears no cost"))
    funding_source = _text(_l("Funding source"), _l("Say where the funding comes from"), 1000,
                           hint=_l("For example, the division's approved operating budget"))
    staff_time = _text(_l("City staff time"), _l("Estimate the City staff time needed"), 1000,
                       hint=_l("For example, two staff for five days a year"))
    counterpart_commitment = _text(
        _l("What the counterpart commits"),
        _l("Say what the counterpart commits to the engagement"), 2000,
        hint=_l("Funding, staff, venues or other support"))
