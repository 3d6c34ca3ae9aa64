"""Write draft Word agreements from plain terms, with the term and signatory policy decides.

No Flask here: the portal gathers an approved request's terms into ``AgreementTerms`` and
calls ``render_agreement``, which fills the category's Word template (or an administrator's
replacement, checked first with ``check_template``) and returns the .docx bytes;
``compare_drafts`` shows what changed between two versions, as tracked changes.
"""

from docgen.checking import check_template
from docgen.compare import Comparison, NotComparable, ParagraphChange, compare_drafts
from docgen.filename import draft_filename
from docgen.render import PLACEHOLDERS, TemplateRefused, packaged_template, render_agreement
from docgen.terms import AgreementTerms, TermsError
from portal.policy.text import clean_text

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
