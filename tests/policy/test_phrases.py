"""A policy phrase reads as its English sentence and keeps what a catalogue needs to translate."""

from __future__ import annotations

import copy
import pickle
from datetime import date
from decimal import Decimal

from portal.policy.answers import format_cad
from portal.policy.phrases import N_, NP_, P_, Money, Phrase, join


def test_a_fixed_phrase_is_its_english_text():
    label = N_("Municipality")
    assert label == "Municipality" and label.msgid == "Municipality" and label.values == {}
    assert {label: 1}["Municipality"] == 1  # hashes as its text: a dict key still works


def test_a_phrase_with_values_fills_them_in_english_and_keeps_them():
    day = date(2027, 3, 3)
    phrase = P_("Approved on %(day)s by %(who)s.", day=day, who=N_("the Mayor"))
    assert phrase == "Approved on 2027-03-03 by the Mayor."
    assert phrase.msgid == "Approved on %(day)s by %(who)s."
    assert phrase.values["day"] == day and phrase.values["who"].msgid == "the Mayor"


def test_a_counted_phrase_chooses_its_wording_by_the_count():
    assert NP_("%(num)s request is open.", "%(num)s requests are open.", 1) == \
        "1 request is open."
    many = NP_("%(num)s request is open.", "%(num)s requests are open.", 3)
    assert many == "3 requests are open." and many.plural == "%(num)s requests are open."
    assert many.count == 3


def test_a_percent_sign_in_a_value_is_kept():
    assert P_("Funded by: %(source)s.", source="50% city") == "Funded by: 50% city."


def test_money_reads_as_canadian_dollars_in_english():
    assert str(Money(Decimal("12500"))) == "$12,500.00" == format_cad(Decimal("12500"))
    assert str(Money(Decimal("1e16"))) == "$1.000E+16"


def test_a_phrase_survives_copy_and_pickle():
    phrase = P_("Version %(version)s is approved.", version=2)
    for again in (copy.deepcopy(phrase), pickle.loads(pickle.dumps(phrase))):
        assert isinstance(again, Phrase) and again == phrase
        assert again.msgid == phrase.msgid and again.values == {"version": 2}


def test_join_reads_as_a_list():
    a, b, c = N_("a Partnership City"), N_("an International Project"), N_("a visit")
    assert join([a], N_("or")) == "a Partnership City"
    assert join([a, b], N_("or")) == "a Partnership City or an International Project"
    assert join([a, b, c], N_("and")) == \
        "a Partnership City, an International Project and a visit"
    assert join([], N_("or")) == ""
