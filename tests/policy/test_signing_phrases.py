"""Who signs, who decides, what a request waits on: every sentence is a phrase French can say.

Each function of ``signatories``, ``decisions``, ``inbox``, ``parties`` and ``next_step`` is
asked over inputs that reach each of its sentences, and every phrase it returns (and every
phrase among its values) must have its msgid translated in the French catalogue: a sentence
built of English pieces, or lower-cased at run time, would fail here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from portal.policy.categories import Category
from portal.policy.decisions import decision_refusal, who_decides
from portal.policy.inbox import TERM_LABELS
from portal.policy.lifecycle import Status
from portal.policy.next_step import (
    Holder,
    RequestState,
    Viewer,
    listed_step,
    next_step,
    task_for,
)
from portal.policy.parties import legal_name_example, start_date_problem
from portal.policy.phrases import Money
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import (
    REQUEST_KINDS,
    STATUS_IN_SENTENCE,
    DeputyCityManager,
    SignatoryUnknown,
    SigningSettings,
    account_office_problems,
    partnership_choice_refusal,
    partnership_office_problem,
    signing_authority,
    signing_settings_problems,
)
from portal.policy.steps import STEP_IN_SENTENCE, STEP_LABELS

from .catalogue import untranslated

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT
DIVISION = "Transportation Services"
SETTINGS = SigningSettings(
    mayor_name="Mayor Name", city_manager_name="Manager Name",
    deputy_city_manager_name="Deputy Name", division_head_limit=Decimal("50000"),
    deputy_limit=Decimal("500000"),
    division_heads={DIVISION: ("Head Name", "General Manager")})
AREAS = replace(SETTINGS, deputies=(
    DeputyCityManager("Dana Infra", "Infrastructure Services", (DIVISION,)),))
DESIGNATE = replace(SETTINGS, mayor_designate_name="Designate Name")  # no title of its own
MANAGER_BY_DEFAULT = replace(SETTINGS, partnership_defaults={
    kind: SigningOffice.CITY_MANAGER.value for kind in (*REQUEST_KINDS, "other")})
COSTS = (None, Decimal("0"), Decimal("50000"), Decimal("60000"), Decimal("600000"))


def signatories_said() -> list[object]:
    """Return every reason and title ``signing_authority`` gives, and every refusal it raises."""
    said: list[object] = []
    cases = [(P, None, "", office, kind, settings) for office in (None, *SigningOffice)
             for kind in (*REQUEST_KINDS, "other")
             for settings in (SETTINGS, DESIGNATE, MANAGER_BY_DEFAULT)]
    cases += [(IP, cost, DIVISION, None, "new", settings) for cost in COSTS
              for settings in (SETTINGS, AREAS)]
    elsewhere = DeputyCityManager("Devi Dev", "Development", ("City Planning",))
    cases += [(IP, Decimal("10"), "", None, "new", SETTINGS),
              (IP, Decimal("10"), DIVISION, None, "new", replace(SETTINGS, division_heads={})),
              (IP, Decimal("60000"), DIVISION, None, "new", replace(AREAS, deputies=(elsewhere,))),
              (None, None, DIVISION, None, "new", SETTINGS)]
    for category, cost, division, office, kind, settings in cases:
        try:
            named = signing_authority(category, cost, division, settings,
                                      partnership_office=office, kind=kind)
        except SignatoryUnknown as unknown:
            said.append(unknown.reason)
            continue
        said.append(named.reason)
        if named.office is not SigningOffice.DIVISION_HEAD:
            said.append(named.title)  # the titles the policy gives; a head's is the settings'
    return said


def settings_refused() -> list[object]:
    """Return every problem ``signing_settings_problems`` and ``account_office_problems`` find."""
    unsound = replace(
        SETTINGS, mayor_name=" ", city_manager_name="", deputy_city_manager_name="",
        deputy_limit=Decimal("10"),
        deputies=(DeputyCityManager("A", "Area", (DIVISION,)), DeputyCityManager("B", "", ())),
        partnership_defaults={"new": "division_head"}, division_heads={"Parks": ("", "")})
    twice = replace(SETTINGS, deputies=(DeputyCityManager("A", "Area", (DIVISION,)),
                                        DeputyCityManager("B", "Other", (DIVISION,))))
    said: list[object] = [*signing_settings_problems(unsound), *signing_settings_problems(twice),
                          *signing_settings_problems(replace(SETTINGS,
                                                             deputy_limit=Decimal("NaN")))]
    for authority in (True, False):
        for office in (None, *SigningOffice):
            for division in (True, False):
                said += account_office_problems(authority, office, division)
    return said


def test_who_signs_and_why_is_said_in_french() -> None:
    said = signatories_said()
    assert len(said) > 20
    assert untranslated(said) == []


def test_the_signatory_settings_and_account_refusals_are_said_in_french() -> None:
    said = settings_refused()
    assert len(said) >= 10
    assert untranslated(said) == []


def test_the_partnership_choice_refusals_are_said_in_french() -> None:
    said = [partnership_choice_refusal(role, status, category) for role in Role
            for status in Status for category in (P, IP, None)]
    said = [s for s in said if s is not None] + [partnership_office_problem("division_head"),
                                                 *STATUS_IN_SENTENCE.values()]
    assert {s.msgid for s in said} >= {
        "The signatory is settled: this request is %(status)s, and it keeps the signatory "
        "chosen before the recommendation."}
    assert untranslated(said) == []


def test_the_settled_signatory_names_the_status_in_its_own_lower_case_words() -> None:
    refusal = partnership_choice_refusal(Role.CCO_REVIEWER, Status.APPROVED_AS_TO_FORM, P)
    assert refusal == ("The signatory is settled: this request is approved as to form, and it "
                       "keeps the signatory chosen before the recommendation.")
    assert refusal is not None and refusal.values["status"].msgid == "approved as to form"


def test_who_decides_is_said_in_french() -> None:
    said: list[object] = []
    for category, cost, settings in [(P, None, SETTINGS), (IP, Decimal("10"), SETTINGS),
                                      (IP, Decimal("60000"), SETTINGS),
                                      (IP, Decimal("60000"), AREAS),
                                      (IP, Decimal("600000"), SETTINGS)]:
        named = signing_authority(category, cost, DIVISION, settings)
        said += [who_decides(named, DIVISION), who_decides(named, None)]
        said.append(decision_refusal(named, "", SigningOffice.MAYORS_OFFICE
                                     if named.office is not SigningOffice.MAYORS_OFFICE
                                     else SigningOffice.CITY_MANAGER, None, DIVISION))
    try:
        signing_authority(None, None, None, SETTINGS)
    except SignatoryUnknown as unknown:
        said.append(decision_refusal(None, unknown.reason, None, None, None))
    said.append(decision_refusal(None, "", None, None, None))
    assert untranslated(said) == []


def test_the_amounts_are_money_for_each_language_to_write() -> None:
    named = signing_authority(IP, Decimal("60000"), DIVISION, AREAS)
    assert named.reason.values["amount"] == Money(Decimal("60000"))
    assert "$60,000.00" in named.reason  # the English text is as before


def test_the_draft_terms_and_the_agreement_details_refusals_are_said_in_french() -> None:
    today = date(2026, 5, 1)
    said: list[object] = [*TERM_LABELS.values(), legal_name_example(None),
                          start_date_problem(date(2026, 4, 30), today),
                          start_date_problem(date(2040, 1, 1), today)]
    assert start_date_problem(date(2040, 1, 1), today) == \
        "Start date must be within the next 10 years"
    assert legal_name_example("PT") == "Município do Porto"  # a country's example is data
    assert untranslated(said) == []


def test_every_next_step_and_task_is_said_in_french() -> None:
    said: list[object] = [*STEP_LABELS.values(), *STEP_IN_SENTENCE.values()]
    states = [RequestState(status, submitter="Lyon", assignee=assignee, consulted=consulted,
                           signatory=signatory, newest_draft=2, approved_draft=1,
                           draft_returned=returned)
              for status in Status for assignee in (None, "Rita Reviewer")
              for consulted in ((), ("Economic Development and Culture",))
              for signatory in (None, "Cameron Manager, City Manager")
              for returned in (False, True)]
    for state in states:
        step = next_step(state)
        said += [step.who, step.what, step.submitter_who, step.for_submitter,
                 listed_step(state.status, state.consulted, state.draft_returned)]
        for role in Role:
            task = task_for(state, Viewer(role, True, True, True, True))
            if task is not None:
                said.append(task.text)
    assert {next_step(s).holder for s in states} == set(Holder)
    assert untranslated([s for s in said if s]) == []


def test_each_step_has_its_own_words_mid_sentence() -> None:
    assert STEP_IN_SENTENCE.keys() == STEP_LABELS.keys()
    assert all(STEP_IN_SENTENCE[a] == STEP_LABELS[a].lower() for a in STEP_LABELS)
