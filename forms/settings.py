"""Forms an administrator uses to set the program's rubric, signatories and country list.

The forms read the answers; whether the result is sound (weights positive, bands apart,
limits in order) is the policy's question, asked by the service that saves it.
"""

from __future__ import annotations

from decimal import Decimal

import pycountry
from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)

from forms import BaseForm, MaxLength, Required, SubForm, options
from forms.fields import MoneyField, NumberField
from portal.policy.rubric import SCORES, BandThresholds, Criterion, Rubric, rubric_to_dict
from portal.policy.signatories import REQUEST_KINDS, DeputyCityManager, SigningSettings


class CriterionForm(SubForm):
    """One criterion of the rubric: its name, weights and a descriptor for each score."""

    key = HiddenField()
    name = StringField(_l("Name"), validators=[Required(_l("Enter the criterion's name")),
                                               MaxLength(200)])
    weight_partnership = NumberField(_l("Weight for a Partnership City"), noun=_l("Weight"),
                                     validators=[Required(_l("Enter the weight"))])
    weight_project = NumberField(_l("Weight for an International Project"), noun=_l("Weight"),
                                 validators=[Required(_l("Enter the weight"))])
    descriptors = FieldList(
        StringField(validators=[Required(_l("Describe what this score means")),
                                MaxLength(500)]),
        min_entries=len(SCORES), max_entries=len(SCORES))


class RubricForm(BaseForm):
    """A new version of the rubric."""

    criteria = FieldList(FormField(CriterionForm), min_entries=1)
    recommend_at = NumberField(_l("Recommend from (percent)"), noun=_l("Threshold"),
                               validators=[Required(_l("Enter the recommend threshold"))])
    consider_at = NumberField(_l("Consider from (percent)"), noun=_l("Threshold"),
                              validators=[Required(_l("Enter the consider threshold"))])
    note = TextAreaField(_l("What changed, and why"),
                         validators=[Required(_l("Say what changed and why")), MaxLength(1000)])

    def load(self, rubric: Rubric) -> None:
        """Show ``rubric`` to edit, with an empty note."""
        data = rubric_to_dict(rubric)
        self.process(data={"criteria": data["criteria"], **data["bands"], "note": ""})

    def rubric(self) -> Rubric:
        """Return the rubric as typed (its version is the service's to number)."""
        return Rubric(
            version=0,
            criteria=tuple(
                Criterion(key=row.form.key.data, name=row.form.name.data,
                          descriptors=tuple(d.data for d in row.form.descriptors),
                          weight_partnership=row.form.weight_partnership.data,
                          weight_project=row.form.weight_project.data)
                for row in self.criteria),
            bands=BandThresholds(self.recommend_at.data, self.consider_at.data),
        )

    @property
    def keys(self) -> set[str]:
        """Return the keys of the criteria posted."""
        return {row.form.key.data for row in self.criteria}


_PARTNERSHIP_CHOICES = [("mayors_office", _l("The Mayor or designate")),
                        ("city_manager", _l("The City Manager"))]


class PartnershipDefaultsMixin(BaseForm):
    """Who signs a Partnership City by default, for each kind of request."""

    default_new = SelectField(_l("A new Partnership City is signed by"),
                              choices=options(_PARTNERSHIP_CHOICES), default="mayors_office")
    default_renewal = SelectField(_l("A renewed Partnership City is signed by"),
                                  choices=options(_PARTNERSHIP_CHOICES), default="mayors_office")
    default_promotion = SelectField(_l("A project promoted to a Partnership City is signed by"),
                                    choices=options(_PARTNERSHIP_CHOICES), default="mayors_office")
    deputies = TextAreaField(
        _l("Deputy City Managers and their service areas"), validators=[MaxLength(5000)],
        description=_l("One per line: name | service area | divisions separated by ;"))

    def validate_deputies(self, field: TextAreaField) -> None:
        """Refuse a line that does not have a name, a service area and divisions."""
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            if line.strip() and (len(line.split("|")) != 3
                                 or not all(p.strip() for p in line.split("|"))):
                raise ValidationError(_l("Line %(n)s: write name | service area | divisions",
                                         n=number))

    @property
    def deputy_rows(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """Return each Deputy City Manager typed as (name, service area, divisions)."""
        rows = []
        for line in (self.deputies.data or "").splitlines():
            if line.strip():
                name, area, divisions = (p.strip() for p in line.split("|"))
                rows.append((name, area, tuple(d.strip() for d in divisions.split(";")
                                               if d.strip())))
        return rows


class SigningSettingsForm(PartnershipDefaultsMixin):
    """Who signs for the City, and the financial signing limits."""

    mayor_name = StringField(_l("Mayor"), validators=[Required(_l("Enter the Mayor's name")),
                                                      MaxLength(120)])
    mayor_designate_name = StringField(
        _l("Mayor's designate (optional)"), validators=[MaxLength(120)],
        description=_l("When set, partnerships name the designate as signatory"))
    mayor_designate_title = StringField(_l("Designate's title (optional)"),
                                        validators=[MaxLength(160)])
    city_manager_name = StringField(_l("City Manager"), validators=[
        Required(_l("Enter the City Manager's name")), MaxLength(120)])
    deputy_city_manager_name = StringField(_l("Deputy City Manager"), validators=[
        Required(_l("Enter the Deputy City Manager's name")), MaxLength(120)])
    division_head_limit = MoneyField(
        _l("Division Head's financial signing authority, in dollars"), noun=_l("Limit"),
        validators=[Required(_l("Enter the Division Head's limit"))])
    deputy_limit = MoneyField(
        _l("Deputy City Manager's financial signing authority, in dollars"), noun=_l("Limit"),
        validators=[Required(_l("Enter the Deputy City Manager's limit"))],
        description=_l("Projects costing more are signed by the City Manager"))

    def load(self, current: SigningSettings) -> None:
        """Show ``current``: the names and limits, a line per deputy, each kind's default."""
        self.process(obj=current)
        self.deputies.data = "\n".join(
            f"{d.name} | {d.service_area} | {'; '.join(d.divisions)}" for d in current.deputies)
        for kind in REQUEST_KINDS:
            getattr(self, f"default_{kind}").data = current.partnership_office(kind).value

    def signing_settings(self) -> SigningSettings:
        """Return the settings as typed; whether they are sound is the policy's question."""
        return SigningSettings(
            mayor_name=self.mayor_name.data, city_manager_name=self.city_manager_name.data,
            deputy_city_manager_name=self.deputy_city_manager_name.data,
            division_head_limit=Decimal(self.division_head_limit.data),
            deputy_limit=Decimal(self.deputy_limit.data),
            mayor_designate_name=self.mayor_designate_name.data or None,
            mayor_designate_title=self.mayor_designate_title.data or None,
            deputies=tuple(DeputyCityManager(*row) for row in self.deputy_rows),
            partnership_defaults={kind: getattr(self, f"default_{kind}").data
                                  for kind in REQUEST_KINDS},
        )


class DivisionHeadForm(BaseForm):
    """Who heads a division, and their title."""

    head_name = StringField(_l("Name of the Division Head"), validators=[MaxLength(160)],
                            description=_l("Leave empty when not known"))
    head_title = StringField(_l("Title"), validators=[Required(_l("Enter the title")),
                                                      MaxLength(160)])


class ConsultationCountriesForm(BaseForm):
    """Countries whose requests need consultation with the federal government."""

    codes = StringField(
        _l("Countries needing federal consultation"), validators=[MaxLength(2000)],
        description=_l("Two-letter ISO codes separated by spaces, for example RU BY IR"))

    @property
    def code_list(self) -> list[str]:
        """Return the codes typed, upper-cased."""
        return [code.upper() for code in (self.codes.data or "").replace(",", " ").split()]

    def validate_codes(self, field: StringField) -> None:
        """Refuse a code that is not a country in ISO 3166."""
        unknown = [c for c in self.code_list if pycountry.countries.get(alpha_2=c) is None]
        if unknown:
            raise ValidationError(_l("Not a country code: %(codes)s", codes=", ".join(unknown)))
