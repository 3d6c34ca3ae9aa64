"""Forms of the agreement steps: the signed copy and an administrator's template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, ValidationError

from forms import BaseForm, Required, options
from forms.fields import DateInputField
from forms.intake import read_upload
from portal.policy.categories import Category
from docgen.archive import template_unpack_problem


class SignedCopyForm(BaseForm):
    """The signed agreement, scanned or as signed electronically, and its signing date."""

    signed_copy = FileField(_l("Signed agreement"),
                            description=_l("A PDF or Word document, 10 MB at most"))
    signed_on = DateInputField(_l("Date of the last signature"), noun=_l("Signing date"),
                               validators=[Required(_l("Enter the signing date"))],
                               description=_l("For example, 15 9 2027"))

    def validate_signed_copy(self, field: FileField) -> None:
        """Check the file by its content; one is required."""
        self.checked = read_upload(field)
        if self.checked is None:
            raise ValidationError(_l("Choose the signed agreement to upload"))


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
