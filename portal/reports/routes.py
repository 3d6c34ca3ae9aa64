"""Serve the annual report's page: choose a year, download the report as Word or PDF."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import Blueprint, flash, render_template, send_file
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms.reports import AnnualReportForm
from portal.access import roles_required
from portal.policy.annual_report import ANNUAL_REPORT_ROLES
from portal.reports import services

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _page(form: AnnualReportForm, status: int = 200) -> tuple[str, int]:
    return render_template("reports/annual.html", form=form,
                           pdf_available=services.pdf_available()), status


def _attachment(content: bytes, filename: str, media_type: str) -> Response:
    response = send_file(BytesIO(content), mimetype=media_type, as_attachment=True,
                         download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/annual", methods=["GET", "POST"])
@roles_required(*ANNUAL_REPORT_ROLES)
def annual() -> Response | tuple[str, int]:
    """Offer the years; send the chosen year's report as a Word document or its PDF."""
    form = AnnualReportForm(today=date.today())
    if not form.validate_on_submit():
        return _page(form, 400 if form.is_submitted() else 200)
    if not form.wants_pdf:
        return _attachment(services.report_word(form.chosen_year),
                           services.report_filename(form.chosen_year, "docx"), services.DOCX)
    try:
        pdf = services.report_pdf(form.chosen_year)
    except services.PdfUnavailable:
        # Said on the page, with the Word button to fall back on: never a 500.
        flash(_("A PDF cannot be made on this server now. Download the Word document: Word "
                "or LibreOffice can save it as a PDF."), "error")
        return _page(form)
    return _attachment(pdf, services.report_filename(form.chosen_year, "pdf"),
                       "application/pdf")
