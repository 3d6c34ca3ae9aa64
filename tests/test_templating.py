"""How pages are written: their data freed once written, each value printed in one call.

``portal.templating`` empties each rendering's context once the page is written: Jinja ties
the context into a reference cycle whenever a template defines a macro, and without this
the page's rows (the queue's fifty, say) were garbage only the cycle collector could free.
With the collector switched off, these tests look for what a rendering left behind.

It also compiles each printed value into one call of its printer, and each call into one
of ``call_value``; the last tests compare what these write with what Jinja's own compiler
writes, value by value and callable by callable.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from dataclasses import fields

import pytest
from flask import Flask, render_template_string
from flask_babel import force_locale, lazy_gettext
from jinja2 import DictLoader, pass_context, pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context
from markupsafe import Markup

from portal.intake.summary import Section
from portal.policy.phrases import Phrase
from portal.policy.roles import Role
from portal.review.queue_lines import QueueLine
from tests.conftest import Browser, login
from tests.factories import submitted_request

# The macro reads a variable of the page's (``kind``), so it closes over the context.
PAGE_WITH_A_MACRO = """
{%- macro cell(value) %}<td class="{{ kind }}">{{ value }}</td>{% endmacro -%}
<tr>{% for row in rows %}{{ cell(row.name) }}{% endfor %}</tr>
"""


class Row:
    """A row a page is given: only the rendering refers to it."""

    def __init__(self, name: str) -> None:
        self.name = name


@pytest.fixture
def collector_off() -> Iterator[None]:
    """Switch the cycle collector off, so only reference counting frees anything."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_page_with_a_macro_frees_its_rows_once_written(app: Flask,
                                                           collector_off: None) -> None:
    rows = [Row("Lyon"), Row("Porto & Braga")]
    watched = [weakref.ref(row) for row in rows]
    with app.test_request_context("/"):
        written = render_template_string(PAGE_WITH_A_MACRO, rows=rows, kind="city")
    del rows
    assert written == ('<tr><td class="city">Lyon</td>'
                       '<td class="city">Porto &amp; Braga</td></tr>')
    assert [ref() for ref in watched] == [None, None]


def test_the_review_queue_leaves_none_of_its_rows_behind(app: Flask, client: Browser,
                                                         make_city_user, make_staff,
                                                         collector_off: None) -> None:
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    for n, (city, country) in enumerate([("Lyon", "FR"), ("Porto", "PT"), ("Turin", "IT")]):
        submitted_request(make_city_user(f"rep{n}@city.example", city, country))
    login(client, "rosa@toronto.example")
    before = _alive(QueueLine)
    page = client.get("/review/requests")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('href="/review/requests/') == 3
    assert _alive(QueueLine) == before


def test_a_queue_line_gives_its_cells_in_the_order_of_its_fields() -> None:
    # The queue's loop takes each line apart by position: a field added, or moved, without
    # its place in the order would print in the wrong cell.
    values = {field.name: f"the {field.name}" for field in fields(QueueLine)}
    assert list(QueueLine(**values)) == list(values.values())


def test_a_request_page_frees_what_its_included_parts_were_given(
        app: Flask, client: Browser, make_city_user, make_staff, collector_off: None) -> None:
    # The request's answers are printed by an included template that defines macros.
    make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
    req = submitted_request(make_city_user())
    login(client, "rosa@toronto.example")
    before = _alive(Section)
    page = client.get(f"/review/requests/{req.id}")
    assert page.status_code == 200
    assert req.reference in page.get_data(as_text=True)
    assert _alive(Section) == before


def test_an_error_while_rendering_still_reaches_the_caller(app: Flask) -> None:
    with app.test_request_context("/"), pytest.raises(ZeroDivisionError):
        render_template_string(PAGE_WITH_A_MACRO + "{{ 1 // 0 }}", rows=[], kind="")


def _alive(kind: type) -> int:
    return sum(1 for found in gc.get_objects() if type(found) is kind)


class Safe:
    """A value that prints itself as safe text, as a WTForms field does."""

    def __html__(self) -> str:
        return "<em>safe</em>"


class Other:
    """A value of no kind the printer knows: printed by its ``str``."""

    def __str__(self) -> str:
        return 'O\'Hare & "Midway" <airports>'


# Each kind of value a page prints, in each place it prints one: the page, a macro, a
# block set into a variable, an attribute, and a block whose escaping is switched off.
EVERY_KIND_OF_VALUE = """
{%- macro cell(value) %}<td title="{{ value }}">{{ value }}</td>{% endmacro -%}
{%- for value in values %}[{{ value }}]{{ cell(value) }}{% endfor -%}
{%- set kept %}{% for value in values %}({{ value }}){% endfor %}{% endset -%}
{{ kept }}|{{ missing }}|{{ values[0] ~ values[1] }}|{{ values|length }}|{{ 2 ** 70 }}
{%- autoescape false %}{% for value in values %}<{{ value }}>{% endfor %}{% endautoescape -%}
"""


def test_each_printed_value_is_written_as_jinja_itself_would_write_it(french_app: Flask) -> None:
    values = ["<script>alert('x') & \"y\"</script>", "", Markup("<b>bold</b> &amp;"),
              0, -12, 3.5, True, None, Phrase("Review queue"), lazy_gettext("Review queue"),
              Safe(), Other(), Markup(""), Phrase("<%(city)s>", {"city": "Lyon & Co"})]
    environment = french_app.jinja_env
    jinjas = environment.overlay()
    jinjas.code_generator_class = CodeGenerator
    ours = environment.compile(EVERY_KIND_OF_VALUE, raw=True)
    theirs = jinjas.compile(EVERY_KIND_OF_VALUE, raw=True)
    assert "environment.print_value(" in ours  # the printer is in use...
    assert "environment.print_value(" not in theirs  # ...and the comparison is with Jinja's
    with french_app.test_request_context("/"), force_locale("fr_CA"):
        written = environment.from_string(EVERY_KIND_OF_VALUE).render(values=values)
        expected = jinjas.from_string(EVERY_KIND_OF_VALUE).render(values=values)
    assert written == expected
    assert "[&lt;script&gt;alert(&#39;x&#39;) &amp; &#34;y&#34;&lt;/script&gt;]" in written
    assert "[File d&#39;examen]" in written  # a phrase, said in the page's language
    assert "<script>alert('x')" in written  # only where the template turned escaping off


class Greeter:
    """A callable object whose ``__call__`` takes the context, as Jinja lets one."""

    @pass_context
    def __call__(self, context: Context, word: str) -> str:
        return f"{word}, {context.get('name')}"


def _stops() -> str:
    raise StopIteration


# Each kind of callable a template calls, in each place it calls one: the page, a loop (whose
# variables a context-taking callable sees), a block, a macro and a macro's caller.
EVERY_KIND_OF_CALL = """
{%- macro box(value) %}<{{ value }}{% if caller %}|{{ caller() }}{% endif %}>{% endmacro -%}
{{ plain(1) }}|{{ named(word='a') }}|{{ method('-') }}|{{ builtin([3, 1]) }}|
{{- box(2) }}|{{ with_context('page') }}|{{ with_environment() }}|{{ with_eval() }}|
{{- greeter('Hello') }}|{{ cls(5) }}|{{ stops() is undefined }}|
{%- for _ in [1] %}{% set name = 'loop' %}{{ with_context('in') }}{{ greeter('Hi') }}{% endfor %}|
{%- call box(3) %}{{ with_context('caller') }}{% endcall %}|
{%- block part %}{% set name = 'block' %}{{ with_context('set') }}{% endblock %}
"""


def test_each_call_is_made_as_jinja_itself_would_make_it(app: Flask) -> None:
    callables = {
        "plain": lambda n: n * 2, "named": lambda word: word.upper(), "method": "-x-".strip,
        "builtin": sorted, "cls": str, "stops": _stops, "greeter": Greeter(),
        "with_context": pass_context(lambda context, where: f"{where}:{context.get('name')}"),
        "with_environment": pass_environment(lambda env: type(env).__name__),
        "with_eval": pass_eval_context(lambda ctx: ctx.autoescape),
        "name": "page",
    }
    environment = app.jinja_env
    jinjas = environment.overlay()
    jinjas.code_generator_class = CodeGenerator
    ours = environment.compile(EVERY_KIND_OF_CALL, raw=True)
    assert "environment.call_value(" in ours
    assert "context.call(" not in ours
    assert "environment.call_value(" not in jinjas.compile(EVERY_KIND_OF_CALL, raw=True)
    with app.test_request_context("/"):
        written = environment.from_string(EVERY_KIND_OF_CALL).render(callables)
        expected = jinjas.from_string(EVERY_KIND_OF_CALL).render(callables)
    assert written == expected
    assert "in:loop" in written and "Hi, loop" in written  # what the loop set was seen
    assert "set:block" in written and "<3|caller:page>" in written
    assert "|True|" in written  # a StopIteration is an undefined value, as Jinja says


# A page that extends a layout, in each place a run of output is written: the page's
# blocks, a loop, a branch, an include, a macro (which gathers its text itself), and text
# outside any block, which an extending page never writes.
LAYOUT = "<html>{% block head %}<title>{{ title }}</title>{% endblock %}<body>" \
         "{% block body %}{% endblock %}</body></html>"
PART = "<p>{{ part }} &amp; {{ values[0] }}</p>"
RUNS = """
{%- extends layout if layout else "part.html" -%}
{%- macro cell(value) %}<td>{{ value }}|{{ value }}</td>{% endmacro -%}
never shown {{ title }}
{%- block body %}<h1>{{ title }} ({{ values|length }})</h1>
{%- for value in values %}<li class="{{ loop.index }}">{{ value }}{{ cell(value) }}</li>
{%- if value is string %}<em>{{ value }}</em> {{ loop.index }}{% endif %}{% endfor %}
{%- include "part.html" %}{{ title }}{% endblock %}
"""


def test_a_run_of_text_is_written_in_one_piece_as_jinja_would_write_it(app: Flask) -> None:
    loader = DictLoader({"layout.html": LAYOUT, "part.html": PART, "runs.html": RUNS})
    environment = app.jinja_env.overlay(loader=loader)
    jinjas = environment.overlay()
    jinjas.code_generator_class = CodeGenerator
    variables = {"title": "A & B", "values": ["<script>&", Markup("<b>ok</b>"), 7, None],
                 "part": "<i>"}
    # Each (compiler, parent) rendering: its text and how many parts it was yielded in.
    written: dict[tuple[str, str], tuple[str, int]] = {}
    with app.test_request_context("/"):
        for name, env in (("ours", environment), ("theirs", jinjas)):
            for layout in ("layout.html", ""):
                page = env.get_template("runs.html")
                parts = list(page.generate(layout=layout, **variables))
                assert page.render(layout=layout, **variables) == "".join(parts)
                written[name, layout] = ("".join(parts), len(parts))
    for layout in ("layout.html", ""):  # the same text, with either parent
        assert written["ours", layout][0] == written["theirs", layout][0]
        # Each run of text and values reaches the page as one part, not one part per piece.
        assert written["ours", layout][1] < written["theirs", layout][1] / 2
    page = written["ours", "layout.html"][0]
    assert "<h1>A &amp; B (4)</h1>" in page and "<td>&lt;script&gt;&amp;|" in page
    assert "never shown" not in page
