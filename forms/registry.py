"""Forms of the registry: a periodic review, an annual outcome report, a notice to terminate.

Both ask about each outcome of the request the agreement came from; an agreement from
before the portal has none, so the form offers free rows where the outcome is typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import FormField, RadioField, StringField, TextAreaField, ValidationError

from forms import BaseForm, MaxLength, Required, RowList, SubForm, options
from forms.fields import DateInputField
from portal.policy.agreement_states import notice_date_refusal
from portal.policy.agreements import Recommendation, recommendations_for
from portal.policy.annual_report import (
    NOT_RATED,
    OutcomeRating,
    rating_of,
    rating_refusal,
    unrated_progress_refusal,
)
from portal.policy.categories import Category

MAX_ROWS = 10
FREE_ROWS = 3
Indicator = tuple[str, str, str]  # outcome, indicator, target


class AchievedRow(SubForm):
    """What one outcome achieved over the agreement's term."""

    outcome = StringField(_l("Outcome"), validators=[MaxLength(300)])
    text = TextAreaField(_l("What was achieved"), validators=[MaxLength(2000)])


class ProgressRow(SubForm):
    """The year's progress against one outcome indicator."""

    outcome = StringField(_l("Outcome or indicator"), validators=[MaxLength(300)])
    text = TextAreaField(_l("Progress this year"), validators=[MaxLength(2000)],
                         description=_l("Against the indicator and its target, for example "
                                        "12 of 40 students exchanged"))
    rating = RadioField(
        _l("Was the outcome achieved this year? (optional)"), validate_choice=False,
        choices=options([*((r.value, r.label) for r in OutcomeRating), ("", NOT_RATED)]),
        description=_l("The annual program report to Council counts the ratings."))

    def validate_rating(self, field: RadioField) -> None:
        """Refuse a rating the form does not offer."""
        refused = rating_refusal(field.data)
        if refused:
            raise ValidationError(refused)


class _OutcomeRowsForm(BaseForm):
    """A form with one row per outcome of the originating request, or free rows."""

    rows: RowList
    empty_message: Any = ""
    key = "text"

    def __init__(self, *args: Any, indicators: Sequence[Indicator] = (), **kwargs: Any) -> None:
        """Make a row for each of ``indicators``, or a few free rows when there are none."""
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)[:MAX_ROWS]
        wanted = len(self.indicators) or FREE_ROWS
        while len(self.rows) < wanted:
            self.rows.append_entry()
        while self.indicators and len(self.rows) > wanted:
            self.rows.pop_entry()

    @property
    def free(self) -> bool:
        """Return whether the outcomes are typed (no originating request to read them from)."""
        return not self.indicators

    def validate_rows(self, field: RowList) -> None:
        """Ask for at least one answer, and for the outcome of each free row answered."""
        answered = 0
        for row in field:
            form = row.form
            if not form.text.data:
                continue
            if self.free and not form.outcome.data:
                form.outcome.errors = [*form.outcome.errors, _l("Name the outcome")]
                continue
            answered += 1
        if answered == 0 and not any(row.form.errors for row in field):
            first = field[0].form
            target = first.outcome if self.free and not first.outcome.data else first.text
            target.errors = [self.empty_message]
        if any(row.form.errors for row in field):
            raise ValidationError("")

    def entries(self) -> list[dict[str, str]]:
        """Return the answered rows as plain values, each with its outcome."""
        if self.free:
            return [{"outcome": row.form.outcome.data, self.key: row.form.text.data,
                     **self.extra(row.form)}
                    for row in self.rows if row.form.text.data]
        return [{"outcome": outcome, "indicator": indicator, "target": target,
                 self.key: row.form.text.data or "", **self.extra(row.form)}
                for (outcome, indicator, target), row in zip(self.indicators, self.rows,
                                                             strict=False)]

    def extra(self, row: Any) -> dict[str, str]:
        """Return what a row holds beyond its outcome and text (nothing, here)."""
        return {}


class AgreementReviewForm(_OutcomeRowsForm):
    """A periodic review: what each outcome achieved, a summary and a recommendation."""

    rows = RowList(FormField(AchievedRow), max_entries=MAX_ROWS)
    summary = TextAreaField(_l("Summary of the review"), validators=[
        Required(_l("Write a summary of the review")), MaxLength(4000)],
        description=_l("Whether the agreement met its objectives, and why"))
    recommendation = RadioField(_l("What do you recommend?"), validate_choice=False,
                                validators=[Required(_l("Select a recommendation"))])
    empty_message = _l("Say what was achieved for at least one outcome")
    key = "achieved"

    def __init__(self, *args: Any, category: Category | None = None, **kwargs: Any) -> None:
        """Offer the recommendations open to the agreement's category."""
        super().__init__(*args, **kwargs)
        self.allowed = recommendations_for(category)
        self.recommendation.choices = options((r.value, _l(r.label)) for r in self.allowed)

    def validate_recommendation(self, field: RadioField) -> None:
        """Refuse a recommendation not offered."""
        if field.data and field.data not in {r.value for r in self.allowed}:
            raise ValidationError(_l("Select one of the recommendations"))

    @property
    def chosen(self) -> Recommendation:
        """Return the recommendation chosen (once the form is valid)."""
        return Recommendation(self.recommendation.data)


class OutcomeReportForm(_OutcomeRowsForm):
    """The lead division's report of one year's progress against each outcome indicator."""

    rows = RowList(FormField(ProgressRow), max_entries=MAX_ROWS)
    empty_message = _l("Report the progress against at least one outcome")
    key = "progress"

    def validate_rows(self, field: RowList) -> None:
        """Ask for the progress a rating is given for, then check the rows as any report's."""
        for row in field:
            form = row.form
            refused = unrated_progress_refusal(form.rating.data, form.text.data)
            if refused:
                form.text.errors = [*form.text.errors, refused]
        super().validate_rows(field)

    def extra(self, row: Any) -> dict[str, str]:
        """Return the row's rating, when it has one (a row may be left not rated)."""
        rating = rating_of(row.rating.data)
        return {"rating": rating.value} if rating else {}


class TerminationForm(BaseForm):
    """Notice of termination: the day it was given and why (the agreement ends 90 days on)."""

    notice_on = DateInputField(_l("Date notice was given"), noun=_l("Notice date"),
                               validators=[Required(_l("Enter the date notice was given"))],
                               description=_l("For example, 15 9 2027. The agreement ends 90 "
                                              "days after it, or at its end date if sooner."))
    reason = TextAreaField(_l("Reason"), validators=[
        Required(_l("Enter the reason for terminating the agreement")), MaxLength(2000)])

    def __init__(self, *args: Any, in_force_from: date | None = None, **kwargs: Any) -> None:
        """Take the day the agreement came into force, which notice cannot precede."""
        super().__init__(*args, **kwargs)
        self.in_force_from = in_force_from

    def validate_notice_on(self, field: DateInputField) -> None:
        """Refuse a notice date in the future or before the agreement came into force."""
        if field.data is not None:
            refused = notice_date_refusal(field.data, self.in_force_from, date.today())
            if refused:
                raise ValidationError(refused)
