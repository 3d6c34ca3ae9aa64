"""Fill templates in a sandbox that bounds loops, built strings, output and time.

Jinja's sandbox keeps a template from reaching Python's internals, but not from working
forever: ``{% for i in range(10**9) %}``, two nested loops of 5,000, or ``"x" * 10**9``
would hold a worker (and its memory) for as long as they run. Here every loop's iterable is
wrapped, at parse time, in a counter; ``range`` is capped; ``*``, ``**`` and ``%`` refuse
results too large to build; arguments that size a string are capped; and the output is
streamed, measured and timed. A template that passes the upload check with the sample
terms is still bounded when real terms take a branch the samples never did. The limits are
the policy's (``portal.policy.templates``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2 import Template, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from portal.policy.templates import (
    RENDER_MAX_ITERATIONS,
    RENDER_MAX_OUTPUT_CHARS,
    RENDER_MAX_RANGE,
    RENDER_MAX_SECONDS,
    RENDER_MAX_SEQUENCE,
)

COUNTED = "_iap_counted"
"""The global each loop's iterable is passed through; a name no placeholder can take."""

# A format width or precision of seven digits or more pads to a million characters.
_HUGE_WIDTH = re.compile(r"\d{7,}")


class RenderLimitExceeded(SecurityError):
    """Filling the template would take too long or grow too large; the message says which.

    A Jinja TemplateError, so every caller that reports a template that cannot be filled
    reports this one the same way.
    """


class _Budget:
    """What one render may still spend: loop turns, output and time."""

    def __init__(self) -> None:
        self.iterations = 0
        self.output = 0
        self.deadline = time.monotonic() + RENDER_MAX_SECONDS

    def tick(self) -> None:
        self.iterations += 1
        if self.iterations > RENDER_MAX_ITERATIONS:
            raise RenderLimitExceeded(
                f"its loops run more than {RENDER_MAX_ITERATIONS:,} times in all")
        if self.iterations % 1024 == 0:
            self.check_time()

    def wrote(self, size: int) -> None:
        self.output += size
        if self.output > RENDER_MAX_OUTPUT_CHARS:
            raise RenderLimitExceeded(
                f"it fills to more than {RENDER_MAX_OUTPUT_CHARS:,} characters")
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitExceeded(f"it takes more than {RENDER_MAX_SECONDS:g} seconds")


_BUDGET: ContextVar[_Budget | None] = ContextVar("docgen_render_budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    # Outside LimitedTemplate.render (a macro called from Python): a budget of its own.
    return budget if budget is not None else _Budget()


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Yield ``iterable``'s items, charging each to the render's loop budget."""
    budget = _budget()
    for item in iterable:
        budget.tick()
        yield item


def _limited_range(*args: int) -> range:
    """``range`` with at most RENDER_MAX_RANGE numbers."""
    numbers = range(*args)
    if len(numbers) > RENDER_MAX_RANGE:
        raise RenderLimitExceeded(
            f"it asks for a range of {len(numbers):,} numbers (at most {RENDER_MAX_RANGE:,})")
    return numbers


def _check_size(value: Any) -> None:
    """Refuse an int large enough to size a huge string (a width, a repeat count)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > RENDER_MAX_SEQUENCE:
        raise RenderLimitExceeded(
            f"it uses the number {value:,}, larger than {RENDER_MAX_SEQUENCE:,}")


def _check_format(spec: Any) -> None:
    """Refuse a format string that pads to a million characters or more ("%9999999s")."""
    if isinstance(spec, str) and ("%" in spec or "{" in spec) and _HUGE_WIDTH.search(spec):
        raise RenderLimitExceeded("it formats text to a width of a million characters or more")


def _guard_filter(name: str, function: Any) -> Any:
    """Return filter ``function`` refusing size arguments beyond the limit."""
    # A filter marked pass_context (or eval_context, environment) gets that first; then
    # the value filtered, which is data and not an argument sizing anything.
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1

    def guarded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[skip:], *kwargs.values()):
            _check_size(value)
        if name == "format":  # "%9999999s"|format(x): the value is the format
            _check_format(args[skip - 1] if len(args) >= skip else None)
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(function, attribute):
            setattr(guarded, attribute, getattr(function, attribute))
    return guarded


class LimitedTemplate(Template):
    """A template whose render is measured as it streams and charged to one budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render as Jinja does, but refuse when the budget of this render runs out."""
        budget = _Budget()
        token = _BUDGET.set(budget)
        try:
            context = self.new_context(dict(*args, **kwargs))
            parts = []
            for chunk in self.root_render_func(context):
                budget.wrote(len(chunk))
                parts.append(chunk)
            return "".join(parts)
        except Exception:
            # Jinja rewrites the traceback to the template's lines, which the upload check
            # reads to name the paragraph at fault.
            return self.environment.handle_exception()
        finally:
            _BUDGET.reset(token)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox whose templates are bounded in loops, size, output and time."""

    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        """Replace ``range`` and guard the filters that could build huge strings."""
        super().__init__(**options)
        self.globals["range"] = _limited_range
        self.globals[COUNTED] = _counted
        self.filters = {name: _guard_filter(name, f) for name, f in self.filters.items()}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then pass every loop's iterable through the counter."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name(COUNTED, "load", lineno=loop.lineno),
                                   [loop.iter], [], None, None, lineno=loop.lineno)
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Refuse ``*``, ``**`` and ``%`` whose result would be too large to build."""
        _budget().check_time()
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and \
                        len(sequence) * count > RENDER_MAX_SEQUENCE:
                    raise RenderLimitExceeded(
                        f"it repeats text or a list to more than {RENDER_MAX_SEQUENCE:,} items")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(right) > 64:
                raise RenderLimitExceeded("it raises a number to a power above 64")
        elif operator == "%":
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Refuse calls sized beyond the limit (``"x".ljust(10**9)``), then call."""
        budget = _budget()
        budget.check_time()
        if __obj is not _counted and __obj is not _limited_range:  # those check themselves
            for value in (*args, *kwargs.values()):
                _check_size(value)
            if getattr(__obj, "__name__", "") in {"format", "format_map"}:
                _check_format(getattr(__obj, "__self__", None))  # "{:>9999999}".format(x)
        return super().call(__context, __obj, *args, **kwargs)
