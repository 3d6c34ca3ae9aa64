"""Provide fields that read answers the way people type them, with plain messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectField, SelectMultipleField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput


class WholeNumberField(Field):
    """A whole number; an empty box means no answer, anything unreadable is an error."""

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, *, noun: str = "", **kw: Any):
        """Name the answer (``noun``) so that the error can say what was wrong."""
        super().__init__(label, validators, **kw)
        self.noun = noun or str(label)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the number, tolerating spaces and thousands separators."""
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        text = str(valuelist[0]).strip().replace(",", "").replace(" ", "")
        # isascii: "²" is a digit to Python but not a number anyone typed on purpose.
        if not (text.isascii() and text.isdigit()) or len(text) > 9:
            raise ValueError(_l("%(noun)s must be a whole number, like 3", noun=self.noun))
        self.data = int(text)


class MoneyField(WholeNumberField):
    """An amount in Canadian dollars, with cents allowed."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read an amount such as ``25,000`` or ``$1 500.50``."""
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        text = str(valuelist[0]).strip().replace(",", "").replace(" ", "").lstrip("$")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError(
                _l("%(noun)s must be an amount in dollars, like 25000 or 1500.50", noun=self.noun)
            )
        if amount < 0:
            raise ValueError(_l("%(noun)s cannot be negative", noun=self.noun))
        if amount >= Decimal("1000000000000"):
            raise ValueError(_l("%(noun)s must be less than $1 trillion", noun=self.noun))
        self.data = amount


class DateInputField(Field):
    """A date typed as day, month and year in three boxes, as GOV.UK asks for dates."""

    PARTS = ("day", "month", "year")

    def __init__(self, label: Any = None, validators: Any = None, *, noun: str = "", **kw: Any):
        """Name the answer (``noun``) so that the error can say what was wrong."""
        super().__init__(label, validators, **kw)
        self.noun = noun or str(label)
        self.parts: dict[str, str] = {part: "" for part in self.PARTS}
        self.invalid_parts: set[str] = set()

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        """Read the three boxes from the form, or show a stored date."""
        self.process_errors = []
        self.raw_data = None
        self.data = data if isinstance(data, date) else None
        if self.data is not None:
            self.parts = {"day": str(self.data.day), "month": str(self.data.month),
                          "year": str(self.data.year)}
        if not formdata:
            return
        keys = [f"{self.name}-{part}" for part in self.PARTS]
        if not any(key in formdata for key in keys):
            return
        self.parts = {part: str(formdata.get(key, "")).strip()[:6]
                      for part, key in zip(self.PARTS, keys, strict=True)}
        self.raw_data = list(self.parts.values())
        self.data = None
        try:
            self.data = self._parse()
        except ValueError as error:
            self.process_errors.append(str(error))

    def _parse(self) -> date | None:
        given = {part: value for part, value in self.parts.items() if value}
        if not given:
            return None
        missing = [part for part in self.PARTS if part not in given]
        if missing:
            self.invalid_parts = set(missing)
            raise ValueError(_l("%(noun)s must include a %(part)s", noun=self.noun,
                                part=_l(missing[0])))
        if not all(v.isascii() and v.isdigit() for v in given.values()):
            self.invalid_parts = {p for p, v in given.items()
                                  if not (v.isascii() and v.isdigit())}
            raise ValueError(_l("%(noun)s must be a real date, in numbers", noun=self.noun))
        day, month, year = (int(self.parts[p]) for p in self.PARTS)
        if len(self.parts["year"]) != 4:
            self.invalid_parts = {"year"}
            raise ValueError(_l("Year must include 4 numbers"))
        try:
            return date(year, month, day)
        except ValueError:
            self.invalid_parts = set(self.PARTS)
            raise ValueError(_l("%(noun)s must be a real date", noun=self.noun)) from None


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes; unknown values are refused."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NumberField(WholeNumberField):
    """A number that may have decimals, such as a weight of 12.5."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read a number such as ``15`` or ``12.5``."""
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        try:
            number = Decimal(str(valuelist[0]).strip().replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > 10**6:
            raise ValueError(_l("%(noun)s must be a number, like 15 or 12.5", noun=self.noun))
        self.data = float(number)


class CountryField(SelectField):
    """A country abroad, chosen from ISO 3166; the City's own country is refused."""

    def __init__(self, label: Any = None, validators: Any = None, **kw: Any) -> None:
        """List every country, with a prompt first."""
        from forms import options
        from portal.models.cities import country_choices

        super().__init__(label, validators, validate_choice=False, **kw)
        self.choices = options([("", _l("Select a country")), *country_choices()])

    def pre_validate(self, form: Any) -> None:
        """Refuse a code that is not a country, or one in the City's own country."""
        from portal.models.cities import country_choices
        from portal.policy.counterparts import PROGRAM_CONTACT, is_abroad

        if not self.data:
            return
        if self.data not in dict(country_choices()):
            raise ValidationError(_l("Select the country from the list"))
        if not is_abroad(self.data):
            raise ValidationError(_l("The program is for cities outside Canada. Canadian "
                                     "municipalities can write to %(contact)s",
                                     contact=PROGRAM_CONTACT))
