"""The header's language button: the language chosen and the page to return to."""

from __future__ import annotations

from wtforms import HiddenField

from forms import BaseForm


class LanguageForm(BaseForm):
    """Choose the language of the portal; ``next`` is the page the button was on."""

    language = HiddenField()
    next = HiddenField()
