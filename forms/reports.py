"""The annual report's form: the year, and whether to download it as Word or as PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, ValidationError

from forms import BaseForm, Required, options
from portal.policy.annual_report import report_years, year_refusal

FORMATS = ("docx", "pdf")
"""What the page's two buttons send: the Word document, or its PDF."""


class AnnualReportForm(BaseForm):
    """Choose the year of the annual program report."""

    year = SelectField(_l("Year"), validate_choice=False,
                       validators=[Required(_l("Choose the year of the report"))],
                       description=_l("The report covers the agreements from 1 January to "
                                      "31 December of that year."))
    format = StringField()  # the button pressed: "docx" or "pdf"

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        """Offer the years the policy allows as of ``today``, this year first."""
        super().__init__(*args, **kwargs)
        self.today = today
        self.year.choices = options((str(y), str(y)) for y in report_years(today))
        if not self.is_submitted():
            self.year.data = str(today.year)  # the year the committee usually asks about

    def validate_year(self, field: SelectField) -> None:
        """Refuse a year that is not a number, or one the policy does not report."""
        # isdigit alone lets "²" or "٣" through, which int() then refuses.
        text = str(field.data)
        if not (text.isascii() and text.isdigit()) or len(text) > 4:
            raise ValidationError(_l("Choose one of the years listed"))
        refused = year_refusal(int(field.data), self.today)
        if refused:
            raise ValidationError(refused)

    def validate_format(self, field: StringField) -> None:
        """Refuse a format other than the page's two buttons."""
        if field.data and field.data not in FORMATS:
            raise ValidationError(_l("Choose Word or PDF"))

    @property
    def chosen_year(self) -> int:
        """Return the year chosen (once the form is valid)."""
        return int(self.year.data)

    @property
    def wants_pdf(self) -> bool:
        """Return whether the PDF button was pressed."""
        return self.format.data == "pdf"
