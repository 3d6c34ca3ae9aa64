"""Forms City staff use on a request: score, raise a concern, and every review action."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, TextAreaField, ValidationError

from forms import BaseForm, MaxLength, Required, options
from portal.policy.categories import Category
from portal.policy.rubric import SCORES
from portal.policy.signatories import partnership_office_problem


class VersionedForm(BaseForm):
    """A form acting on a request, carrying the version of the request the page showed."""

    # Labelled here, as WTForms would have labelled it: left to WTForms, the label of a field
    # nobody reads was said through WTForms' own catalogue, read from disk once a request.
    version = HiddenField("Version")

    @property
    def expected_version(self) -> int | None:
        """Return the version the page showed, or None when the form did not carry one."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class ScoreChangeForm(VersionedForm):
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


class ConcernForm(VersionedForm):
    """A reviewer's reputational concern (empty clears it)."""

    concern = TextAreaField(_l("Reputational concern"), validators=[MaxLength(2000)],
                            description=_l("Shown to staff among the risk flags, never to the "
                                           "submitter. Leave empty to clear it."))


DEFAULT_SIGNATORY = "default"
"""The choice that returns a request to the administrator's default signatory."""


class SignatoryChoiceForm(VersionedForm):
    """Who signs this Partnership City: the Mayor or designate, or the City Manager."""

    office = RadioField(
        _l("Who signs this Partnership City agreement?"),
        choices=options([(DEFAULT_SIGNATORY, _l("The default for this kind of request")),
                         ("mayors_office", _l("The Mayor or designate")),
                         ("city_manager", _l("The City Manager"))]),
        validators=[Required(_l("Select who signs"))], validate_choice=False,
        description=_l("The adopted report allows either; the choice is recorded on the "
                       "request and in its timeline."))

    def validate_office(self, field: RadioField) -> None:
        """Refuse an office that does not sign a partnership, as the policy says."""
        offered = {str(choice.value) for choice in field.choices or []}
        if field.data and field.data not in offered:
            raise ValidationError(_l("Select who signs from the list"))
        problem = partnership_office_problem(self.chosen_office)
        if problem:
            raise ValidationError(problem)

    @property
    def chosen_office(self) -> str | None:
        """Return the office chosen, or None for the administrator's default."""
        return None if self.office.data in (None, "", DEFAULT_SIGNATORY) else self.office.data


class ClaimForm(VersionedForm):
    """Take a request, declaring first whether one has a conflict of interest in it."""

    has_conflict = RadioField(
        _l("Do you have a conflict of interest in this request?"),
        choices=options([("no", _l("No, I have no conflict of interest")),
                         ("yes", _l("Yes, I have a conflict of interest"))]),
        validators=[Required(_l("Declare whether you have a conflict of interest"))],
        validate_choice=False,
        description=_l("For example, a personal or financial tie to the counterpart"))
    detail = TextAreaField(_l("What is the conflict?"), validators=[MaxLength(2000)])

    def validate_detail(self, field: TextAreaField) -> None:
        """Ask what the conflict is when one is declared."""
        if self.has_conflict.data == "yes" and not field.data:
            raise ValidationError(_l("Say what the conflict of interest is"))


def _offered_id(field: SelectField, message: Any) -> int | None:
    """Return the id chosen in ``field`` if the page offered it; raise ``message`` if not.

    A forged or stale value ("abc", "-1", an id of nobody, a number past any id) is
    refused here, at the field, before anything looks it up.
    """
    if not field.data:
        return None
    offered = {str(choice.value) for choice in field.choices or [] if choice.value}
    if field.data not in offered:
        raise ValidationError(message)
    return int(field.data)


class AssignForm(VersionedForm):
    """Give a request to a CCO reviewer."""

    assignee = SelectField(_l("Assign to"), validate_choice=False,
                           validators=[Required(_l("Select a reviewer"))])

    def __init__(self, *args: Any, reviewers: list[tuple[int, str]], **kwargs: Any) -> None:
        """Offer the reviewers who may be assigned: the caller lists only those."""
        super().__init__(*args, **kwargs)
        self.assignee.choices = options([("", _l("Select a reviewer")),
                                         *((str(i), name) for i, name in reviewers)])

    def validate_assignee(self, field: SelectField) -> None:
        """Refuse anyone not offered, such as a deactivated reviewer named in a forged post."""
        _offered_id(field, _l("Select a reviewer from the list"))

    @property
    def assignee_id(self) -> int:
        """Return the chosen reviewer's id; call only after validation."""
        return int(self.assignee.data)


def _text(label: Any, missing: Any, hint: Any = None) -> TextAreaField:
    return TextAreaField(label, validators=[Required(missing), MaxLength(5000)],
                         description=hint)


class QuestionForm(VersionedForm):
    """Ask the submitter for information."""

    text = _text(_l("Your question to the submitter"), _l("Write the question"),
                 _l("The submitter sees it and answers in the portal"))


class CommentForm(VersionedForm):
    """An internal comment."""

    text = _text(_l("Internal comment"), _l("Write the comment"),
                 _l("Seen by City staff only, never by the submitter"))


class MessageForm(VersionedForm):
    """A message to the submitter."""

    text = _text(_l("Message to the submitter"), _l("Write the message"),
                 _l("The submitter sees it in the portal and by email"))


class DivisionForm(VersionedForm):
    """Pick a City division."""

    division = SelectField(_l("Division"), validate_choice=False,
                           validators=[Required(_l("Select a division"))])

    def __init__(self, *args: Any, divisions: list[tuple[int, str]], **kwargs: Any) -> None:
        """Offer the divisions."""
        super().__init__(*args, **kwargs)
        self.division.choices = options([("", _l("Select a division")),
                                         *((str(i), name) for i, name in divisions)])

    def validate_division(self, field: SelectField) -> None:
        """Refuse a division that is not in the list."""
        _offered_id(field, _l("Select a division from the list"))

    @property
    def division_id(self) -> int:
        """Return the chosen division's id; call only after validation."""
        return int(self.division.data)


class ConsultForm(DivisionForm):
    """Ask EDC, CMO or a division for its view."""

    text = _text(_l("What do you ask?"), _l("Write the question"))


class GovernmentConsultationForm(VersionedForm):
    """Record consultation with another level of government."""

    level = RadioField(_l("Which government?"), validate_choice=False,
                       choices=options([("federal", _l("Federal (Government of Canada)")),
                                        ("provincial", _l("Provincial (Government of Ontario)"))]),
                       validators=[Required(_l("Select the government consulted"))])
    text = _text(_l("What was said"), _l("Summarise the consultation"))


class DecisionForm(VersionedForm):
    """Recommend, decline or approve, with the reasons."""

    text = _text(_l("Reasons"), _l("Give the reasons"))


AUDIENCES = [("internal", _l("Internal: City staff only")),
             ("city", _l("The city will see this"))]
"""Who reads a signing authority's note: staff only, or the submitter too."""


class ApprovalForm(VersionedForm):
    """Approve as the signing authority, with an optional note and who may read it."""

    text = TextAreaField(_l("Note (optional)"), validators=[MaxLength(5000)],
                         description=_l("Internal unless you choose that the city sees it: "
                                        "then it is in the city's timeline and its email."))
    audience = RadioField(_l("Who may read the note?"), choices=options(AUDIENCES),
                          validate_choice=False)

    def validate_audience(self, field: RadioField) -> None:
        """Ask who reads the note when one is written: a note never reaches a city by default."""
        if field.data and field.data not in {value for value, _label in AUDIENCES}:
            raise ValidationError(_l("Choose who may read the note"))
        if (self.text.data or "").strip() and not field.data:
            raise ValidationError(_l("Choose whether the note is internal or the city sees it"))

    @property
    def for_city(self) -> bool:
        """Return whether the approver marked the note for the city; call after validation."""
        return self.audience.data == "city"


class SignatoryDeclineForm(ApprovalForm):
    """Decline a recommended request as its signing authority: reasons, and who reads them."""

    text = _text(_l("Reasons"), _l("Give the reasons"),
                 _l("Internal unless you choose that the city sees them: then they are in "
                    "the city's timeline and its email."))
    audience = RadioField(_l("Who may read the reasons?"), choices=options(AUDIENCES),
                          validate_choice=False)


class ResumeForm(VersionedForm):
    """Take back into review a request whose submitter has not answered."""

    text = _text(_l("Note to the submitter"), _l("Say why the review resumes"),
                 _l("The submitter sees it in the portal and by email"))


class CategoryForm(VersionedForm):
    """Settle the category a submitter left "not sure yet"."""

    category = RadioField(_l("Category"), validate_choice=False,
                          choices=options((c.value, c.label) for c in Category),
                          validators=[Required(_l("Select the category"))],
                          description=_l("The submitter sees the category you settle"))

    def validate_category(self, field: RadioField) -> None:
        """Refuse a category that is not the program's."""
        if field.data and field.data not in {c.value for c in Category}:
            raise ValidationError(_l("Select a category from the list"))


class WithdrawConsultationForm(VersionedForm):
    """Withdraw an unanswered consultation, saying why."""

    consultation = SelectField(_l("Consultation"), validate_choice=False,
                               validators=[Required(_l("Select the consultation"))])
    text = _text(_l("Why withdraw it?"), _l("Give the reason for withdrawing it"),
                 _l("Kept in the file; the office consulted sees it"))

    def __init__(self, *args: Any, consultations: list[tuple[int, str]], **kwargs: Any,
                 ) -> None:
        """Offer the request's unanswered consultations."""
        super().__init__(*args, **kwargs)
        self.consultation.choices = options([("", _l("Select the consultation")),
                                             *((str(i), label) for i, label in consultations)])

    def validate_consultation(self, field: SelectField) -> None:
        """Refuse a consultation the page did not offer."""
        _offered_id(field, _l("Select a consultation from the list"))

    @property
    def consultation_id(self) -> int:
        """Return the chosen consultation's id; call only after validation."""
        return int(self.consultation.data)


class ConsultationAnswerForm(BaseForm):
    """Answer a consultation for one's office."""

    text = _text(_l("Your office's answer"), _l("Write your answer"))
