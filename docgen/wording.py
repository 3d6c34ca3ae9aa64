"""Hold the English wording of the packaged templates: every clause, in order, by category.

``python -m docgen.build_templates`` lays this wording out as the Word templates (and, with
``docgen.wording_fr``, the bilingual ones); edit it here and rerun that command to change
them. ``FRAME`` holds what surrounds the clauses: title, Parties, recitals, signatures.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.policy.categories import Category


@dataclass(frozen=True)
class Clause:
    """A numbered section: its heading and its paragraphs, each either text or a list."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Frame:
    """The words around the numbered clauses of one language's version of an agreement."""

    language: str
    """The language Word checks the spelling in, e.g. "en-CA"."""
    version_heading: str
    """What heads this language's version in a bilingual agreement."""
    header: str
    page: tuple[str, str]
    """The footer's words around the page number and the number of pages."""
    title: str
    subtitle: dict[Category, str]
    parties: tuple[str, str, str, str, str]
    """The heading, the opening line, the City's bullet, the counterpart's, the closing line."""
    recitals: str
    authority_recital: str
    signatures: tuple[str, str]
    """The heading and the sentence above the signature blocks."""
    signature_rows: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    """Each row of the signature table: the City's cell beside the counterpart's."""
    template_title: dict[Category, str]


LINE = "_" * 32
"""A line to sign or date on, by hand."""


def list_of(variable: str, empty: str) -> str:
    """Mark a paragraph that becomes one bullet per item of ``variable``."""
    return f"LIST:{variable}:{empty}"


def only_if(variable: str, text: str) -> str:
    """Mark a paragraph shown only when ``variable`` is not empty."""
    return f"IF:{variable}:{text}"


RECITALS = {
    Category.PARTNERSHIP_CITY: (
        "WHEREAS the City of Toronto, through its International Alliance Program, builds "
        "long-term relationships with cities around the world that bring economic, cultural, "
        "educational, environmental and social benefits to the residents of both cities;",
        "WHEREAS {{ counterpart_city }} and the City of Toronto share ties between their "
        "people, institutions and businesses, and wish to deepen them;",
        "WHEREAS the Parties wish to record their intention to work together as Partnership "
        "Cities across several areas of mutual interest;",
        "NOW THEREFORE the Parties record the following intentions.",
    ),
    Category.INTERNATIONAL_PROJECT: (
        "WHEREAS the City of Toronto, through its International Alliance Program, supports "
        "focused projects with cities around the world that bring economic, cultural, "
        "educational, environmental and social benefits to the residents of both cities;",
        "WHEREAS {{ counterpart_city }} and the City of Toronto have identified a project of "
        "shared interest with defined goals;",
        "WHEREAS the Parties wish to record their intention to carry out that project together "
        "as an International Project;",
        "NOW THEREFORE the Parties record the following intentions.",
    ),
}

PURPOSE = {
    Category.PARTNERSHIP_CITY: (
        "The purpose of this agreement is to build a lasting relationship between the two "
        "cities and their residents. The Parties intend to pursue these objectives:"
    ),
    Category.INTERNATIONAL_PROJECT: (
        "The purpose of this agreement is to carry out the project named above, with defined "
        "goals and within a defined term. The Parties intend to pursue these objectives:"
    ),
}

LEAD = {
    Category.PARTNERSHIP_CITY: (
        "For the City of Toronto, {{ lead_division }} coordinates the activities under this "
        "agreement."
    ),
    Category.INTERNATIONAL_PROJECT: (
        "For the City of Toronto, {{ lead_division }} leads the project."
    ),
}

REVIEW = {
    Category.PARTNERSHIP_CITY: (
        "In the six months before this agreement ends, the Parties will review what it has "
        "achieved against its objectives and decide whether to continue the relationship."
    ),
    Category.INTERNATIONAL_PROJECT: (
        "In the six months before this agreement ends, the Parties will review what the "
        "project has achieved against its objectives and decide whether it should end, "
        "continue as a new International Project, or be proposed for promotion to a "
        "Partnership City."
    ),
}

PROMOTION = Clause(
    "Promotion to a Partnership City",
    (
        "If the project proves productive, either Party may propose that the relationship "
        "be promoted to a Partnership City. A promotion is made by a new Partnership City "
        "agreement, approved and signed under the City of Toronto's International Alliance "
        "Program; it does not extend or amend this agreement.",
    ),
)


# The clauses a City Solicitor expects in every agreement, whatever its category; the first
# six go before "Non-binding nature", the rest after "Languages".
STANDARD = (
    Clause("Notices and coordinators", (
        "Each Party names a coordinator for this agreement, who receives the other Party's "
        "notices and reports. For the City of Toronto: {{ city_coordinator }}. For "
        "{{ counterpart_legal_name }}: {{ counterpart_coordinator }}.",
        "A notice under this agreement is given in writing, by letter or email to the other "
        "Party's coordinator. A Party may name a new coordinator by notice to the other.",
    )),
    Clause("Amendment", (
        "This agreement may be amended only in writing, signed by both Parties' authorized "
        "representatives.",
    )),
    Clause("Dispute resolution", (
        "The Parties will resolve any difference about the meaning or carrying out of this "
        "agreement by consultation between their coordinators and, if need be, their "
        "signatories. Neither Party will refer a difference to a court, a tribunal or any "
        "other third party.",
    )),
    Clause("Use of names and logos", (
        "Neither Party will use the other Party's name, logo, coat of arms or other official "
        "marks without its prior written consent, which may be limited to a stated use.",
    )),
    Clause("Ownership of jointly produced material", (
        "Each Party keeps the rights in material it brings to the activities. Material the "
        "Parties produce together under this agreement is owned by them jointly; each Party "
        "may use it for non-commercial public purposes, acknowledging the other Party, and any "
        "other use needs both Parties' written consent.",
    )),
    Clause("Confidentiality and privacy", (
        "Each Party will keep confidential the information the other Party marks as "
        "confidential, except as the law requires. The City of Toronto is subject to "
        "Ontario's Municipal Freedom of Information and Protection of Privacy Act, and "
        "information it holds under this agreement may be disclosed under that Act.",
        "Each Party will collect, use and disclose personal information under this agreement "
        "only as the privacy laws that apply to it allow.",
    )),
    Clause("Counterparts and electronic signatures", (
        "This agreement may be signed in counterparts, each of which is an original and all "
        "of which together are one agreement. A signature given electronically, or a signed "
        "copy sent electronically, is as valid as an original signature.",
    )),
    Clause("Entire understanding", (
        "This agreement, with any amendment made under it, is the Parties' entire "
        "understanding of its subject and replaces any earlier understanding between them "
        "about it.",
    )),
    Clause("Effective date", (
        "The effective date of this agreement is the later of {{ start_date_long }} and the "
        "date on which the last of the Parties signs it.",
    )),
)


def clauses(category: Category) -> list[Clause]:
    """Return the numbered sections of ``category``'s agreement, in order."""
    label = category.label
    body = [
        Clause("Purpose and objectives", (
            PURPOSE[category],
            list_of("objectives", "The Parties will set out the objectives in writing."),
        )),
        Clause("Areas of cooperation", (
            "The Parties intend to cooperate in these areas:",
            list_of("areas", "The Parties will agree the areas of cooperation in writing."),
        )),
        Clause("Activities", (
            "The Parties intend to carry out these activities:",
            list_of("activities", "The Parties will agree the activities in writing."),
            only_if("lead_division", LEAD[category]),
        )),
        Clause("Outcomes and reporting", (
            "The Parties aim to achieve these outcomes:",
            list_of("outcomes", "The Parties will agree the expected outcomes in writing."),
            "Each year of the agreement, the Parties will prepare a short joint annual report "
            "of the activities carried out and the outcomes achieved against the objectives "
            "above. The City of Toronto's City Clerk's Office keeps it with the International "
            "Alliance Program's records.",
        )),
        Clause("Resources", (
            "{{ resources }}",
            "Each Party bears its own costs of taking part in the activities under this "
            "agreement, unless the Parties agree otherwise in writing. Nothing in this "
            "agreement commits either Party to spend funds that its own approval processes "
            "have not approved.",
        )),
        Clause("Term", (
            "This agreement takes effect on {{ start_date_long }} ({{ start_date_iso }}), or on "
            "the date of the last signature if that is later, and has a term of "
            "{{ term_length }}. It ends on {{ end_date_long }} ({{ end_date_iso }}), unless a "
            "Party terminates it earlier.",
        )),
        Clause("Review before expiry", (REVIEW[category],)),
        Clause("Renewal", (
            "This agreement does not renew itself. The Parties may continue their cooperation "
            "after {{ end_date_long }} only by signing a new agreement.",
        )),
    ]
    if category is Category.INTERNATIONAL_PROJECT:
        body.append(PROMOTION)
    body += [
        Clause("Termination", (
            "Either Party may terminate this agreement at any time by giving the other Party "
            "at least 90 days' written notice. The Parties will bring activities already under "
            "way to an orderly close.",
        )),
        *STANDARD[:6],
        Clause("Non-binding nature", (
            f"This {label} agreement records the Parties' shared intentions and goodwill. It "
            "is not legally binding, creates no legal or financial obligation for either "
            "Party, and creates no obligation under international law.",
        )),
        # The sentence depends on the language (an English-speaking counterpart has no
        # second version): portal.policy.clauses.languages_sentence writes it.
        Clause("Languages", ("{{ languages_clause }}",)),
        *STANDARD[6:],
    ]
    return body


_SUBTITLE = ("{label} Agreement between the City of Toronto, Canada, and "
             "{{{{ counterpart_city }}}}, {{{{ counterpart_country }}}}")

FRAME = Frame(
    language="en-CA",
    version_heading="English version",
    header="DRAFT \u2014 {{ reference }} \u2014 version {{ version }}",
    page=("Page ", " of "),
    title="{{ title }}",
    subtitle={category: _SUBTITLE.format(label=category.label) for category in Category},
    parties=(
        "Parties",
        "This agreement is made between:",
        "{{ city_legal_name }}, in the Province of Ontario, Canada (\u201cthe City of "
        "Toronto\u201d); and",
        "{{ counterpart_legal_name }}, of {{ counterpart_city }}, {{ counterpart_country }} "
        "(\u201c{{ counterpart_city }}\u201d),",
        "together \u201cthe Parties\u201d.",
    ),
    recitals="Recitals",
    authority_recital="{{ authority_recital }}",
    signatures=("Signatures",
                "Signed by the Parties' representatives on the dates written below."),
    # The counterpart's signatory may sign under an authority of their own, a line shown
    # only when it is given.
    signature_rows=(
        (("For {{ city_legal_name }}",), ("For {{ counterpart_legal_name }}",)),
        ((f"Signature: {LINE}",), (f"Signature: {LINE}",)),
        (("Name: {{ signatory_name }}",), ("Name: {{ counterpart_signatory_name }}",)),
        (("Title: {{ signatory_title }}",), (
            "Title: {{ counterpart_signatory_title }}",
            "{%p if counterpart_signatory_authority %}",
            "Authority: {{ counterpart_signatory_authority }}",
            "{%p endif %}",
        )),
        ((f"Date: {LINE}",), (f"Date: {LINE}",)),
    ),
    template_title={category: f"{category.label} agreement (template)" for category in Category},
)
"""The English words around the clauses."""
