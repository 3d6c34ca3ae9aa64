"""Share the base form and the validators every feature's forms use.

The messages here are the ones users read, so they say what to do, in plain words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from babel.support import Translations
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    Form,
    FormField,
    PasswordField,
    StringField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import StopValidation

from portal.policy.text import clean_text as wordable_text


def clean_text(value: Any) -> Any:
    """Return text without the characters no answer should hold, NFC-normalised and trimmed.

    The characters removed are those ``portal.policy.text`` removes (controls, surrogates,
    noncharacters): what is stored can always be written into a Word agreement.
    """
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", wordable_text(value)).strip()


def options(pairs: Any) -> list[SelectChoice]:
    """Return (value, label) pairs as the choices of a select, radios or checkboxes."""
    return [SelectChoice(value, label) for value, label in pairs]


def only_text(value: Any) -> Any:
    """Return "" for anything but text (a file posted where text was asked for)."""
    return value if value is None or isinstance(value, str) else ""


class CleanMeta:
    """Form metadata that applies ``clean_text`` to every field's input."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        """Add the text cleaner to each field's filters."""
        # A password is kept exactly as typed: spaces in it are the user's choice.
        # Lists and sub-forms clean their own fields.
        # The unbound field belongs to the form's class and serves every instance: the
        # filters go to this field only, or each form built would add them once more.
        field_class = unbound_field.field_class
        if not issubclass(field_class, (PasswordField, FieldList, FormField)):
            filters = unbound_field.kwargs.get("filters", [])
            text_only = [only_text] if issubclass(field_class, StringField) else []
            options = {**options, "filters": [*text_only, clean_text, *filters]}
        return unbound_field.bind(form=form, **options)


class RowList(FieldList):
    """A list of rows whose posted indices must be plain numbers ("outcomes-2-target")."""

    def _extract_indices(self, prefix: str, formdata: Any) -> Any:
        # WTForms trusts str.isdigit, which takes "²" and then fails in int().
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix + "-"):
                index = key[offset:].split("-", 1)[0]
                if index.isascii() and index.isdigit():
                    yield int(index)


class SubForm(Form):
    """A group of fields inside a form (a row of a list), cleaned like every form."""

    Meta = CleanMeta


class BaseForm(FlaskForm):
    """A form whose text fields are cleaned the same way everywhere."""

    class Meta(CleanMeta):
        """Clean every field's input; leave CSRF to the app.

        CSRFProtect checks the token of every POST before any view runs, so a form does not
        check it again: forms with a prefix (several on one page) would otherwise expect a
        prefixed token field.
        """

        csrf = False

        def get_translations(self, form: Any) -> Any:
            """Return WTForms' own messages in the page's language, read once per language.

            Flask-WTF reads WTForms' catalogue from disk again for every request that builds
            a form (a millisecond); the catalogue never changes while the portal runs.
            """
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages(str(get_locale()))

    @property
    def error_items(self) -> list[tuple[str, str]]:
        """Return (field id, message) pairs for the error summary, in page order."""
        items: list[tuple[str, str]] = []
        for field in self:
            items.extend(_field_errors(field))
        return items


@lru_cache(maxsize=8)
def _wtforms_messages(language: str) -> Translations:
    return Translations.load(messages_path(), [language], domain="wtforms")


def _field_errors(field: Field) -> list[tuple[str, str]]:
    if isinstance(field, (FieldList, FormField)):  # rows and sub-forms: their own fields
        items: list[tuple[str, str]] = []
        for sub in field:  # type: ignore[attr-defined]
            items.extend(_field_errors(sub))
        return items
    # A phrase stays one (it is a str), so the page says it in its reader's language.
    return [(field.id, message if isinstance(message, str) else str(message))
            for message in field.errors if message]


class Required:
    """Refuse an empty answer with a message that names the question.

    When the form is saved as a draft (``form.saving_draft``), an empty answer is allowed:
    "Save and come back later" keeps whatever was typed, complete or not.
    """

    field_flags = {"required": True}

    def __init__(self, message: str) -> None:
        """Keep the message to show when the answer is missing."""
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        """Stop validation of an empty field with the message."""
        if field.errors:  # the answer was given but could not be read: say that instead
            raise StopValidation()
        data = field.data
        empty = data is None or data is False or data == [] or (
            isinstance(data, str) and not data.strip())
        if empty:
            if getattr(form, "saving_draft", False):
                raise StopValidation()
            raise StopValidation(self.message)


class MaxLength:
    """Refuse text longer than ``limit`` characters, saying the limit."""

    def __init__(self, limit: int, message: str | None = None) -> None:
        """Keep the limit, and the message if one is given."""
        self.limit = limit
        self.message = message

    def __call__(self, form: Any, field: Field) -> None:
        """Raise when the text is too long."""
        if isinstance(field.data, str) and len(field.data) > self.limit:
            raise ValidationError(
                self.message
                or _l("Must be %(limit)s characters or fewer", limit=f"{self.limit:,}")
            )
