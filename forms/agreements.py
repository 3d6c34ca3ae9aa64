"""Forms of the agreement steps: the signed copy, comparing versions, a new template."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, TextAreaField, ValidationError

from docgen.archive import template_unpack_problem
from docgen.edited import inspect, unfilled_placeholders
from forms import BaseForm, MaxLength, Required, options
from forms.fields import DateInputField
from forms.submission import read_upload
from portal.policy.agreement_states import signing_date_refusal
from portal.policy.categories import Category
from portal.policy.drafts import (
    RETURN_COMMENT_MAX,
    default_pair,
    edited_file_refusal,
    pair_refusal,
    version_refusal,
)


class GenerateDraftForm(BaseForm):
    """Generate a draft; ``newest`` is the version the page showed, so a second click is seen."""

    # Labelled here, as WTForms would have labelled it: left to WTForms, the label of a field
    # nobody reads was said through WTForms' own catalogue, read from disk once a request.
    newest = HiddenField("Newest")

    @property
    def seen_version(self) -> int | None:
        """Return the newest version the page showed, or None if the post did not say."""
        value = (self.newest.data or "").strip()
        return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else None


class SignedCopyForm(BaseForm):
    """The signed agreement, scanned or as signed electronically, and its signing date.

    The date is checked at the field against the policy: not before the Solicitor's approval
    of the draft as to form, not after today.
    """

    def __init__(self, *args: Any, approved_on: date | None = None, **kwargs: Any) -> None:
        """Take the day the draft was approved as to form, which the signing cannot precede."""
        super().__init__(*args, **kwargs)
        self.approved_on = approved_on

    signed_copy = FileField(_l("Signed agreement"),
                            description=_l("A PDF or Word document, 10 MB at most"))
    signed_on = DateInputField(_l("Date of the last signature"), noun=_l("Signing date"),
                               validators=[Required(_l("Enter the signing date"))],
                               description=_l("For example, 15 9 2027"))

    def validate_signed_on(self, field: DateInputField) -> None:
        """Refuse a signing date before the approval as to form or after today."""
        if field.data is not None:
            refused = signing_date_refusal(field.data, self.approved_on, date.today())
            if refused:
                raise ValidationError(refused)

    def validate_signed_copy(self, field: FileField) -> None:
        """Check the file by its content; one is required."""
        self.checked = read_upload(field)
        if self.checked is None:
            raise ValidationError(_l("Choose the signed agreement to upload"))


def _version(raw: Any) -> int | None:
    """Return a version number as typed in the address, or None for anything else."""
    value = raw.strip() if isinstance(raw, str) else ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else None


class CompareDraftsForm(BaseForm):
    """Two versions of a request's draft to compare, offered from the versions it has.

    Sent by GET: comparing changes nothing, and its address can be shared with a colleague.
    """

    from_version = SelectField(_l("Compare version"), validate_choice=False)
    to_version = SelectField(_l("with version"), validate_choice=False)

    def __init__(self, *args: Any, versions: Collection[int] = (), **kwargs: Any) -> None:
        """Offer ``versions``, newest first; unless chosen, the two newest are compared."""
        super().__init__(*args, **kwargs)
        self.versions = frozenset(versions)
        choices = options((str(v), _("Version %(v)s", v=v))
                          for v in sorted(self.versions, reverse=True))
        self.from_version.choices = self.to_version.choices = choices
        pair = default_pair(self.versions)
        if pair is not None:
            self.from_version.data = self.from_version.data or str(pair[0])
            self.to_version.data = self.to_version.data or str(pair[1])

    @property
    def pair(self) -> tuple[int, int]:
        """Return the two versions chosen, once the form is valid."""
        first, second = _version(self.from_version.data), _version(self.to_version.data)
        assert first is not None and second is not None  # validated
        return first, second

    def validate_from_version(self, field: SelectField) -> None:
        """Refuse a version that is not a number or that the draft does not have."""
        refused = version_refusal(_version(field.data), self.versions)
        if refused:
            raise ValidationError(refused)

    def validate_to_version(self, field: SelectField) -> None:
        """Refuse an unknown version, or the same version as the first."""
        version = _version(field.data)
        refused = version_refusal(version, self.versions)
        first = _version(self.from_version.data)
        if not refused and version is not None and first is not None:
            refused = pair_refusal(first, version)
        if refused:
            raise ValidationError(refused)


class TemplateForm(BaseForm):
    """A replacement Word template for one category."""

    category = RadioField(_l("Which agreement?"), validate_choice=False,
                          choices=options((c.value, c.label) for c in Category),
                          validators=[Required(_l("Select the kind of agreement"))])
    template = FileField(_l("Word template (.docx)"),
                         description=_l("Edit the current template in Word and upload it. "
                                        "Placeholders such as {{ counterpart_city }} are "
                                        "filled in when a draft is made."))

    def validate_category(self, field: RadioField) -> None:
        """Refuse an unknown category."""
        if field.data and field.data not in {c.value for c in Category}:
            raise ValidationError(_l("Select one of the options"))

    def validate_template(self, field: FileField) -> None:
        """Ask for a file."""
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose the template to upload"))
        upload.stream.seek(0)
        self.content = upload.stream.read()
        if not self.content:
            raise ValidationError(_l("The selected file is empty"))
        problem = template_unpack_problem(self.content)  # a zip bomb, told at the field
        if problem is not None:
            raise ValidationError(problem)


class ReturnDraftForm(BaseForm):
    """The City Solicitor's changes requested on the newest version, instead of approving it."""

    comment = TextAreaField(
        _l("What must change"),
        description=_l("The reviewer reads this and answers with a new version."),
        validators=[Required(_l("Say what must change before you return the draft")),
                    MaxLength(RETURN_COMMENT_MAX)])


class EditedDraftForm(GenerateDraftForm):
    """An edited Word file, brought back as the next version; ``newest`` as when generating.

    The file is judged by its content against the policy (``edited_file_refusal``): a real
    .docx within the upload limit, never a file that can hold macros.
    """

    edited = FileField(_l("Edited draft (.docx)"),
                       description=_l("The draft edited in Word, saved as a Word Document "
                                      "(.docx), 10 MB at most"))

    def validate_edited(self, field: FileField) -> None:
        """Read the file and refuse it at the field when the policy does."""
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose the edited draft to upload"))
        upload.stream.seek(0)
        # One byte past the limit is enough to know it is too large, without reading it all.
        limit = current_app.config["UPLOAD_MAX_BYTES"]
        content = upload.stream.read(limit + 1)
        refused = edited_file_refusal(inspect(upload.filename, content), limit)
        if refused is not None:
            raise ValidationError(refused)
        self.content = content
        self.unfilled = unfilled_placeholders(content)
