"""The ``flask report`` commands: write the annual program report to a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.policy.annual_report import year_refusal


@click.group("report")
def report_group() -> None:
    """Write the program's reports."""


@report_group.command("annual")
@click.option("--year", type=int, default=None, help="The year reported (default: this year).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it: a .docx file, or a .pdf one (needs LibreOffice).")
@click.option("--pdf", "as_pdf", is_flag=True,
              help="Write PDF (converted by LibreOffice) whatever --out ends with.")
@with_appcontext
def annual(year: int | None, out: Path, as_pdf: bool) -> None:
    """Write the annual program report of --year, as Word or PDF, to --out."""
    from portal.reports import services

    today = date.today()
    year = year or today.year
    refused = year_refusal(year, today)
    if refused is not None:
        raise click.UsageError(f"{refused} (--year)")
    if not out.parent.is_dir():
        raise click.ClickException(f"The folder {out.parent} does not exist.")
    if as_pdf or out.suffix.lower() == ".pdf":
        try:
            content = services.report_pdf(year, today)
        except services.PdfUnavailable as unavailable:
            raise click.ClickException(f"{unavailable} Write a .docx file instead.") from None
    else:
        content = services.report_word(year, today)
    out.write_bytes(content)
    click.echo(f"Wrote the {year} annual report to {out} ({len(content):,} bytes).")
