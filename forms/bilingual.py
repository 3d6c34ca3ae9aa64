"""Ask the agreement's free text in French, for an agreement written in both languages.

A French-speaking counterpart's agreement is bilingual (``policy.agreement_language``): the
intake asks its title, objectives, activities and outcomes again in French, so the French
version says what the Parties wrote; the reviewer corrects either language before drafting.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from forms import MaxLength, Required
from forms.intake import IntakeForm, _text

TITLE = 200


class FrenchTextForm(IntakeForm):
    """Page 3a: the purpose page's words for the agreement, in French."""

    title_fr = StringField(_l("Short title, in French"), validators=[
        Required(_l("Enter a short title in French")), MaxLength(TITLE)],
        description=_l("For example, Échange Toronto–Lyon sur les rues adaptées au climat"))
    objectives_fr = _text(_l("Objectives, in French"), _l("Enter the objectives in French"),
                          hint=_l("One objective per line, in the same order as in English"))
    activities_fr = _text(_l("Planned activities, in French"),
                          _l("Enter the planned activities in French"),
                          hint=_l("One activity per line, in the same order as in English"))
    outcomes_fr = _text(_l("Measurable outcomes, in French"),
                        _l("Enter the measurable outcomes in French"),
                        hint=_l("One outcome per line, each with how it will be measured and "
                                "its target"))
