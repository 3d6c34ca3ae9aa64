"""Serve the administrator's program settings.

They are the rubric's versions, the signatories and limits, each division's head and the
countries needing federal consultation. Every save is audited by its service.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms.settings import (
    ConsultationCountriesForm,
    DivisionHeadForm,
    RubricForm,
    SigningSettingsForm,
)
from portal.access import roles_required
from portal.assessment import services as assessment
from portal.assessment import settings
from portal.extensions import db
from portal.models import Division, RubricVersion
from portal.models.cities import local_country_name
from portal.policy.roles import Role
from portal.policy.signatories import signing_settings_problems
from portal.policy.versions import next_version

bp = Blueprint("settings", __name__, url_prefix="/admin/settings")


@bp.route("/rubric")
@roles_required(Role.ADMIN)
def rubric() -> str:
    """Show the newest rubric and the history of versions."""
    newest = assessment.newest_rubric_version()
    versions = db.session.scalars(
        select(RubricVersion).order_by(RubricVersion.version.desc())).all()
    return render_template("admin/rubric.html", newest=newest,
                           rubric=assessment.rubric_of(newest), versions=versions)


@bp.route("/rubric/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_rubric() -> str | Response | tuple[str, int]:
    """Save an edited rubric as a new version; requests keep the version they were scored with."""
    newest = assessment.newest_rubric_version()
    current = assessment.rubric_of(newest)
    form = RubricForm()
    if request.method == "GET":
        form.load(current)
    problems: list[str] = []
    if form.validate_on_submit():
        if form.keys != {c.key for c in current.criteria}:
            abort(400)  # the criteria are edited, never renamed through a forged form
        try:
            saved = assessment.save_rubric(current_user, form.rubric(), form.note.data)
        except assessment.RubricRefused as refused:
            problems = refused.problems
        else:
            db.session.commit()
            flash(_("Rubric version %(v)s saved. New submissions are scored with it.",
                    v=saved.version), "success")
            return redirect(url_for("settings.rubric"))
    return render_template("admin/rubric_edit.html", form=form, problems=problems,
                           newest=newest, next_version=next_version(newest.version),
                           ), 400 if request.method == "POST" else 200


@bp.route("/signatories", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def signatories() -> str | Response | tuple[str, int]:
    """Set who signs for the City and the financial signing limits."""
    form = SigningSettingsForm()
    if request.method == "GET":
        form.load(settings.signing_settings())
    problems: list[str] = []
    if form.validate_on_submit():
        chosen = form.signing_settings()
        problems = signing_settings_problems(chosen)
        if not problems:
            settings.save_signing_settings(current_user, chosen)
            db.session.commit()
            flash(_("Signatories and limits saved."), "success")
            return redirect(url_for("settings.signatories"))
    divisions = Division.by_name()
    countries = settings.consultation_countries()
    return render_template(
        "admin/signatories.html", form=form, problems=problems, divisions=divisions,
        countries=sorted((code, local_country_name(code)) for code in countries),
    ), 400 if request.method == "POST" else 200


@bp.route("/divisions/<int:division_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def division_head(division_id: int) -> str | Response:
    """Set who heads a division, for the signature block of its projects."""
    division = db.session.get(Division, division_id)
    if division is None:
        abort(404)
    form = DivisionHeadForm(obj=division)
    if form.validate_on_submit():
        settings.set_division_head(current_user, division, form.head_name.data,
                                   form.head_title.data)
        db.session.commit()
        flash(_("Division Head of %(d)s saved.", d=division.name), "success")
        return redirect(url_for("settings.signatories"))
    return render_template("admin/division_head.html", form=form, division=division)


@bp.route("/consultation", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def consultation() -> str | Response:
    """Set the countries whose requests need consultation with the federal government."""
    form = ConsultationCountriesForm()
    if request.method == "GET":
        form.codes.data = " ".join(sorted(settings.consultation_countries()))
    if form.validate_on_submit():
        settings.save_consultation_countries(current_user, form.code_list)
        db.session.commit()
        flash(_("Country list saved."), "success")
        return redirect(url_for("settings.signatories"))
    return render_template("admin/consultation.html", form=form)
