"""A policy phrase is said in the page's language: on pages, through ``_()``, and in Python.

A tiny French catalogue is compiled for the test with sentences of its own, so what is
checked is the translating, not the wording of the real catalogue.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, render_template_string
from flask_babel import force_locale

from portal import create_app
from portal.extensions import babel, db
from portal.policy.phrases import N_, NP_, P_, Money, Phrase
from portal.translation import translate

CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Funded by %(source)s, for %(amount)s."
msgstr "Financé par %(source)s, pour %(amount)s."

msgid "Approved on %(day)s by %(who)s."
msgstr "Approuvé le %(day)s par %(who)s."

msgid "the Mayor"
msgstr "le maire"

msgid "%(num)s day"
msgid_plural "%(num)s days"
msgstr[0] "%(num)s jour"
msgstr[1] "%(num)s jours"
"""


@pytest.fixture()
def french(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    catalogue = read_po(io.StringIO(CATALOGUE), locale="fr_CA")
    target = tmp_path / "fr_CA" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as compiled:
        write_mo(compiled, catalogue)
    babel.domain_instance.cache.clear()  # shared by every app: see test_email_language
    french_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                             "SECRET_KEY": "test-secret", "PUBLIC_BASE_URL": "http://portal.test",
                             "LANGUAGES": ["en", "fr_CA"],
                             "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)})
    try:
        with french_app.test_request_context(), force_locale("fr_CA"):
            yield french_app
    finally:
        babel.domain_instance.cache.clear()
        with french_app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_phrase_is_translated_with_its_values_in_french_formats(french):
    phrase = P_("Funded by %(source)s, for %(amount)s.", source="la Métropole",
                amount=Money(Decimal("12500")))
    assert translate(phrase) == "Financé par la Métropole, pour 12\u00a0500,00\u00a0$."
    nested = P_("Approved on %(day)s by %(who)s.", day=date(2027, 3, 3), who=N_("the Mayor"))
    assert translate(nested) == "Approuvé le 3 mars 2027 par le maire."


def test_a_counted_phrase_takes_the_french_plural(french):
    assert translate(NP_("%(num)s day", "%(num)s days", 1)) == "1 jour"
    assert translate(NP_("%(num)s day", "%(num)s days", 1200)) == "1\u00a0200 jours"


def test_a_page_prints_a_phrase_in_french_escaped_whether_or_not_it_calls_underscore(french):
    phrase = P_("Funded by %(source)s, for %(amount)s.", source="<b>50% city</b>",
                amount=Money(Decimal("1")))
    page = render_template_string("<p>{{ p }}</p><p>{{ _(p) }}</p>", p=phrase)
    said = "Financé par &lt;b&gt;50% city&lt;/b&gt;, pour 1,00\u00a0$."
    assert page == f"<p>{said}</p><p>{said}</p>"


def test_a_malformed_phrase_is_said_in_its_english_and_logged_never_raised(french, caplog):
    # As one read back from a row stored before typed text was wrapped: a count that is not
    # a number makes the French plural rule raise.
    malformed = Phrase("%(num)s day", {}, "%(num)s days", "7")  # type: ignore[arg-type]
    assert translate(malformed) == "7 days"
    assert render_template_string("<p>{{ p }}</p><p>{{ _(p) }}</p>", p=malformed) == \
        "<p>7 days</p><p>7 days</p>"
    assert "Could not translate the phrase '%(num)s day'" in caplog.text


def test_text_that_is_not_a_phrase_is_left_as_it_is(french):
    assert translate("Lyon") == "Lyon"
    assert render_template_string("{{ city }} {{ _('the Mayor') }}", city="Lyon") == \
        "Lyon le maire"


def test_in_english_a_phrase_reads_as_written_with_the_pages_date_format(app):
    with app.test_request_context():
        phrase = P_("Approved on %(day)s by %(who)s.", day=date(2027, 3, 3), who=N_("the Mayor"))
        assert translate(phrase) == "Approved on 3 March 2027 by the Mayor."
        assert render_template_string("{{ p }}", p=phrase) == \
            "Approved on 3 March 2027 by the Mayor."


def test_an_amount_is_written_as_canadians_write_it_in_english_too(app):
    with app.test_request_context():
        assert translate(Money(Decimal("20000"))) == "$20,000.00"


def test_an_amount_written_once_is_written_again_in_each_language_its_own_way(app):
    # Amounts are kept once written (Babel is slow): kept by language, never mixed.
    def said() -> str:
        return translate(Money(Decimal("20000"))).replace("\u202f", " ").replace("\xa0", " ")

    with app.test_request_context():
        assert said() == "$20,000.00"
        with force_locale("fr_CA"):
            assert said() == "20 000,00 $"
        assert said() == "$20,000.00"
    with app.test_request_context(), force_locale("fr_CA"):
        assert said() == "20 000,00 $"


def test_a_number_written_once_is_written_again_in_each_language_its_own_way(app):
    # Numbers are kept once written too, by what makes two locales equal (each request makes
    # its locale anew): kept by language, never mixed, request after request.
    def said() -> str:
        return translate(12345).replace("\u202f", " ").replace("\xa0", " ")

    for _ in range(2):
        with app.test_request_context():
            assert said() == "12,345"
        with app.test_request_context(), force_locale("fr_CA"):
            assert said() == "12 345"


def test_french_writes_the_first_of_a_month_as_an_ordinal(french):
    assert translate(date(2027, 3, 1)) == "1er mars 2027"
    assert translate(date(2027, 3, 2)) == "2 mars 2027"


def test_a_page_in_english_writes_an_email_in_french_and_goes_back_to_english(app, tmp_path):
    # The catalogue is found once per request: saying something in another language in the
    # middle of a page (an email to a French-speaking recipient) must not leave the page in
    # it, nor stay in the page's language inside.
    catalogue = read_po(io.StringIO(CATALOGUE), locale="fr_CA")
    target = tmp_path / "fr_CA" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as compiled:
        write_mo(compiled, catalogue)
    babel.domain_instance.cache.clear()
    french_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                             "SECRET_KEY": "test-secret", "LANGUAGES": ["en", "fr_CA"],
                             "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)})
    from portal.languages import in_language_of

    try:
        with french_app.test_request_context():
            mayor = "{{ _('the Mayor') }}"
            assert render_template_string(mayor) == "the Mayor"
            with in_language_of("someone@example.org"):  # no account: the default, English
                assert render_template_string(mayor) == "the Mayor"
            french_app.config["BABEL_DEFAULT_LOCALE"] = "fr_CA"
            with in_language_of("someone@example.org"):
                assert render_template_string(mayor) == "le maire"
                assert translate(N_("the Mayor")) == "le maire"
            assert render_template_string(mayor) == "the Mayor"
            assert translate(N_("the Mayor")) == "the Mayor"
    finally:
        babel.domain_instance.cache.clear()


def test_underscore_escapes_the_values_it_fills_in_but_not_its_own_words(app):
    with app.test_request_context():
        page = render_template_string(
            "{{ _('Requests, sorted by %(s)s', s=s) }}|{{ ngettext('%(num)s day', "
            "'%(num)s days', 2) }}|{{ _('100%% done') }}", s="<i>score</i>")
        assert page == "Requests, sorted by &lt;i&gt;score&lt;/i&gt;|2 days|100% done"
