"""Render pages so that what a page held is freed as soon as the page is written.

Jinja ties each rendering's context into a reference cycle: a macro defined in a template is
stored in the context's variables and closes over the context. Everything the page was given
(fifty queue rows, their words, the ORM rows behind them) then outlived the request until
Python's cycle collector found it, walking every object such garbage had promoted into its
older generations. Measured on the review queue: a page left about 450 objects behind, and a
collection of the middle generation (in about one page in five) cost 1–2 ms.

Once a page is written its contexts are spent, so they are emptied there: the page's own,
and those its includes made (they share the page's variables). A macro module imported
without the page's context is Jinja's to keep, and is left alone.

Each value an escaped page prints went through three calls (the environment's ``finalize``,
MarkupSafe's ``escape``, and ``Markup``'s constructor), about 0.65 µs; the review queue prints
some 1,450. ``PageCodeGenerator`` compiles each into one call of ``print_value``, which escapes
plain text straight to text and passes safe text as it is (what ``escape`` returns is only
ever joined into the page, so it need not be ``Markup``): about 0.13 µs, the same bytes.

Each call a template makes (a macro, ``_``, ``url_for``) went through Jinja's
``Context.call``, which asks three times whether the callable wants the context before
calling it; a staff request page makes some 450. ``call_value`` answers at once for the
kinds that never do (a macro, a function or method without Jinja's mark) and hands every
other callable to ``Context.call``.

Each piece of a run of output (text, a value, text) was yielded on its own and passed up
through the generator of every template above it; a queue page yielded some 3,100. A run is
now gathered as Jinja gathers a macro's text and yielded joined: some 630, the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import markupsafe
from flask import Flask
from jinja2 import Environment, Template, nodes, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.runtime import Context, Macro
from jinja2.utils import internalcode
from markupsafe import Markup, escape

# The contexts the rendering under way made for its includes, to empty when it is written.
_included: ContextVar[list[Context] | None] = ContextVar("included_contexts", default=None)


class PageTemplate(Template):
    """A template whose rendering lets go of its contexts' variables once written."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render as Jinja does, then empty the contexts the rendering made."""
        if self.environment.is_async:  # pragma: no cover - the portal's environment is not
            return super().render(*args, **kwargs)
        context = self.new_context(dict(*args, **kwargs))
        included: list[Context] = []
        token = _included.set(included)
        try:
            written = self.environment.concat(  # type: ignore[attr-defined]
                self.root_render_func(context))
        except Exception:
            self.environment.handle_exception()
        finally:
            _included.reset(token)
        # On an error the contexts are kept, for the traceback's frames to show. The page's
        # own context was made for this rendering alone (``shared`` false), both its dicts.
        context.vars.clear()
        context.parent.clear()
        for made in included:
            # Its parent may be the page's, or another's (``Context.get_all``): only the
            # variables it set itself, its macros among them, are its own.
            made.vars.clear()
        return written  # type: ignore[no-any-return]

    def new_context(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> Context:
        """Make a context as Jinja does; note one that shares a page's variables."""
        context = super().new_context(vars, shared, locals)
        included = _included.get()
        if shared and included is not None:
            included.append(context)
        return context


# MarkupSafe's escaping of plain text to plain text, the part of ``escape`` that is C; should
# a release not have it, escape and let the page join the Markup as before.
_escape_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner",
                                             lambda text: str(escape(text)))
_PRINTER = "print_value"
"""The environment's attribute escaped pages print each value through."""


def printer(environment: Environment) -> Callable[[Any], str]:
    """Return the function an escaped page of ``environment`` prints each value with.

    It prints what ``escape(environment.finalize(value))`` prints. Plain text, safe text and
    whole numbers, most of what a page prints, skip the ``finalize``: the environment's must
    leave them as they are (the portal's, ``translation._finalize``, says only phrases and
    lazy text).
    """

    def print_value(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return _escape_text(value)
        if kind is Markup:
            return value  # type: ignore[no-any-return]
        if kind is int:
            return str(value)  # digits and a sign: nothing to escape
        finalize = environment.finalize
        return escape(finalize(value) if finalize is not None else value)

    return print_value


_CALLER = "call_value"
"""The environment's attribute templates call each callable through."""

# Callables that take what Jinja passes them only if marked (``pass_context`` and the like
# set ``jinja_pass_arg`` on the function); their ``__call__`` is never so marked.
_FUNCTIONS = frozenset({FunctionType, MethodType, BuiltinFunctionType})
# The mark of a function given the evaluation context (the portal's ``_`` is one).
_EVAL_CONTEXT = pass_eval_context(lambda: None).jinja_pass_arg  # type: ignore[attr-defined]


@internalcode
def call_value(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``value`` from a template as ``context.call(value, ...)`` does.

    A macro, or a function or method not marked to take the context, the evaluation
    context or the environment, is called with the arguments alone; one marked to take the
    evaluation context, with it first; anything else goes through ``Context.call``.
    """
    kind = type(value)
    if kind is not Macro:
        if kind not in _FUNCTIONS:
            return context.call(value, *args, **kwargs)
        mark = getattr(value, "jinja_pass_arg", None)
        if mark is _EVAL_CONTEXT:
            args = (context.eval_ctx, *args)
        elif mark is not None:
            return context.call(value, *args, **kwargs)
    kwargs.pop("_block_vars", None)
    kwargs.pop("_loop_vars", None)
    try:
        return value(*args, **kwargs)
    except StopIteration:  # as Context.call answers it
        return context.environment.undefined(
            "value was undefined because a callable raised a StopIteration exception")


class PageCodeGenerator(CodeGenerator):
    """Print each value through ``print_value``, call through ``call_value``, yield runs joined.

    The two output methods below are the hooks Jinja's own native-types generator overrides.
    Where Jinja would not write ``escape(environment.finalize(value))`` (output escaped only
    in some ``{% autoescape %}`` blocks, unescaped templates such as the emails' text, a
    ``finalize`` given the context), they write what Jinja writes. Calls are written through
    ``call_value`` in every template but an async or sandboxed environment's. Runs of output
    are yielded joined wherever Jinja would yield their pieces one by one (``visit_Output``).
    """

    def _prints_through_printer(self, frame: Frame, finalize: Any) -> bool:
        return (frame.eval_ctx.autoescape and not frame.eval_ctx.volatile
                and finalize.src in (None, "environment.finalize(")
                and hasattr(self.environment, _PRINTER))

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._prints_through_printer(frame, finalize):
            self.write(f"environment.{_PRINTER}(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._prints_through_printer(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        """Write a run of output as one piece where Jinja would yield each part of it.

        A page's text reaches the page through a generator in each template it extends or
        includes (the page, its layout, Jinja's join), so each part yielded is passed up
        each of them in turn; a queue row is some fifty parts. The parts are gathered as
        Jinja gathers them into a buffer (inside a macro or a ``{% set %}`` block) and
        yielded joined, the same text.
        """
        if (frame.buffer is not None or frame.require_output_check or len(node.nodes) < 2
                or self.environment.is_async):
            super().visit_Output(node, frame)
            return
        gathered = frame.copy()
        gathered.buffer = self.temporary_identifier()
        self.writeline(f"{gathered.buffer} = []")
        super().visit_Output(node, gathered)
        self.writeline(f"yield ''.join({gathered.buffer})")

    @optimizeconst
    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False,
                   ) -> None:
        """Write a call through ``call_value`` where Jinja would write ``context.call``."""
        environment = self.environment
        if environment.is_async or environment.sandboxed or not hasattr(environment, _CALLER):
            CodeGenerator.visit_Call.__wrapped__(  # type: ignore[attr-defined]
                self, node, frame, forward_caller)
            return
        self.write(f"environment.{_CALLER}(context, ")
        self.visit(node.node, frame)
        # The variables of loops and blocks, which Jinja gives a context-taking callable.
        extra: dict[str, str] = {"caller": "caller"} if forward_caller else {}
        if frame.loop_frame:
            extra["_loop_vars"] = "_loop_vars"
        if frame.block_frame:
            extra["_block_vars"] = "_block_vars"
        self.signature(node, frame, extra or None)
        self.write(")")


def init_app(app: Flask) -> None:
    """Render ``app``'s templates as ``PageTemplate``, through ``printer`` and ``call_value``."""
    environment = app.jinja_env
    environment.template_class = PageTemplate
    setattr(environment, _PRINTER, printer(environment))
    setattr(environment, _CALLER, call_value)
    environment.code_generator_class = PageCodeGenerator
