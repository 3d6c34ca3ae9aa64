"""Define the intake's last page and what follows it: contacts and letter, declaration, answer.

The last page takes the letter of intent (checked by its content, as every upload); the
check-answers page asks the declaration; a submitted request may be answered or withdrawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField, TextAreaField, ValidationError
from wtforms.validators import Email

from forms import BaseForm, MaxLength, Required
from forms.intake import LONG, SHORT, IntakeForm
from portal.uploads import CheckedUpload, UploadRefused, check_upload


class ContactsForm(IntakeForm):
    """Page 7: the counterpart's official contact and the letter of intent."""

    contact_name = StringField(_l("Official contact's full name"), validators=[
        Required(_l("Enter the official contact's full name")), MaxLength(SHORT)])
    contact_title = StringField(_l("Official contact's job title"), validators=[
        Required(_l("Enter the official contact's job title")), MaxLength(SHORT)])
    contact_email = StringField(_l("Official contact's email address"), validators=[
        Required(_l("Enter the official contact's email address")), MaxLength(254),
        Email(message=_l("Enter an email address in the correct format, like name@example.org"),
              check_deliverability=False)])
    contact_phone = StringField(_l("Official contact's telephone (optional)"),
                                validators=[MaxLength(40)],
                                description=_l("With the country code, for example "
                                               "+33 4 72 10 30 30"))
    letter = FileField(_l("Letter of intent or endorsement"),
                       description=_l("A PDF or Word document, 10 MB at most, signed by the "
                                      "counterpart's mayor or an official acting for them"))

    def __init__(self, *args: Any, letter_on_file: bool = False, letter_required: bool = True,
                 **kwargs: Any) -> None:
        """Know whether a letter is already on file and whether one is needed."""
        super().__init__(*args, **kwargs)
        self.letter_on_file = letter_on_file
        self.letter_required = letter_required
        self.checked_letter: CheckedUpload | None = None
        if not letter_required:
            self.letter.label.text = _l("Supporting document (optional)")

    def validate_letter(self, field: FileField) -> None:
        """Check the file by its content; ask for one when none is on file."""
        self.checked_letter = read_upload(field)
        if self.checked_letter is None and self.letter_required and not self.letter_on_file \
                and not self.saving_draft:
            raise ValidationError(_l("Upload the letter of intent from the counterpart"))

    def answers(self, names: Iterable[str]) -> dict[str, Any]:
        """Return the page's answers, and ``letter``: the file chosen, once it is checked."""
        return {**super().answers(names), "letter": self.checked_letter}


def read_upload(field: FileField) -> CheckedUpload | None:
    """Return the file chosen in ``field``, checked by its content, or None if none was.

    Raises ValidationError with a message for the user when the file is refused.
    """
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    upload.stream.seek(0)  # a page may be validated twice: as a draft, then to continue
    try:
        return check_upload(upload.filename, upload.stream.read(),
                            current_app.config["UPLOAD_MAX_BYTES"])
    except UploadRefused as refused:
        raise ValidationError(refused.message) from None  # a phrase: the page translates it


class AnswerForm(BaseForm):
    """The submitter's answer to the reviewers' question, with a document if needed."""

    text = TextAreaField(_l("Your answer"), validators=[Required(_l("Write your answer")),
                                                        MaxLength(LONG)])
    document = FileField(_l("Attach a document (optional)"),
                         description=_l("A PDF or Word document, 10 MB at most"))

    def validate_document(self, field: FileField) -> None:
        """Check the document by its content."""
        self.checked_document = read_upload(field)


class DeclarationForm(BaseForm):
    """Check-answers page: the declaration before submitting."""

    confirm = BooleanField(
        _l("I confirm that the information in this request is correct and that I may submit "
           "it on behalf of the government or division named."),
        validators=[Required(_l("Confirm the declaration to submit the request"))])
    # The one-time token of the draft as shown (portal.intake.services.submission_token):
    # the same form sent twice, by a double click or a retry, submits the request once.
    submission_token = HiddenField()


class WithdrawForm(BaseForm):
    """Withdraw a submitted request, optionally saying why."""

    reason = TextAreaField(_l("Why are you withdrawing the request? (optional)"),
                           validators=[MaxLength(2000)])
    confirm = BooleanField(_l("Yes, withdraw this request"),
                           validators=[Required(_l("Confirm that you want to withdraw"))])
