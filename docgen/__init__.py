"""Write draft Word agreements from plain terms, with the term and signatory policy decides.

No Flask here: the portal gathers an approved request's terms into ``AgreementTerms`` and
calls ``render_agreement``, which fills the category's Word template (or an administrator's
replacement, checked first with ``check_template``) and returns the .docx bytes;
``compare_drafts`` shows what changed between two versions, as tracked changes.

Each name is imported from its module when first asked for: python-docx, docxtpl and lxml
(9 MB of a worker) load with the first draft, not with every page that reads a locale.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docgen.checking import check_template
    from docgen.compare import Comparison, NotComparable, ParagraphChange, compare_drafts
    from docgen.filename import draft_filename
    from docgen.render import (
        PLACEHOLDERS,
        TemplateRefused,
        packaged_template,
        render_agreement,
    )
    from docgen.terms import AgreementTerms, TermsError
    from portal.policy.text import clean_text

_HOMES = {
    "PLACEHOLDERS": "docgen.render",
    "AgreementTerms": "docgen.terms",
    "Comparison": "docgen.compare",
    "NotComparable": "docgen.compare",
    "ParagraphChange": "docgen.compare",
    "TemplateRefused": "docgen.render",
    "TermsError": "docgen.terms",
    "check_template": "docgen.checking",
    "clean_text": "portal.policy.text",
    "compare_drafts": "docgen.compare",
    "draft_filename": "docgen.filename",
    "packaged_template": "docgen.render",
    "render_agreement": "docgen.render",
}
"""Where each name docgen offers is defined."""

__all__ = [
    "PLACEHOLDERS",
    "AgreementTerms",
    "Comparison",
    "NotComparable",
    "ParagraphChange",
    "TemplateRefused",
    "TermsError",
    "check_template",
    "clean_text",
    "compare_drafts",
    "draft_filename",
    "packaged_template",
    "render_agreement",
]


def __getattr__(name: str) -> Any:
    """Import ``name`` from its module the first time it is asked for, then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
