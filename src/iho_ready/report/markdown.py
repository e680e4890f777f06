"""The board-paper readiness report as GitHub-flavoured Markdown, rendered from a jinja2 template.

The template ships in the package (``templates/report.md.j2``); ``--template FILE`` replaces
it, and a user's template can ``{% extends "report.md.j2" %}`` and override single blocks.

Escaping: autoescaping is off (it is an HTML notion), but every value a template prints
goes through :func:`md_escape` by way of the environment's ``finalize`` hook, so no title,
owner or explanation from a manifest can break a table or inject markup, even in a
user's template that forgets to filter. Text the template itself writes is left alone,
and a value already escaped (a :class:`Markdown` string) is not escaped twice. Printing
``None`` or an object is an error, so a missing value is never shown as ``None``; dates
print in words ("6 November 2026") and numbers as digits.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

from ..diagnostics import Diagnostic, InputError
from ..errors import IhoReadyError
from ..limits import MAX_NUMBER_DIGITS, MAX_TEMPLATE_CHARS, MAX_TEMPLATE_STEPS
from ..render import RenderOptions
from ..words import RAG_LABEL, READINESS_LABEL, STATUS_LABEL, Markdown, long_date, md_escape, md_join, template_value
from .view import Report

TEMPLATE = "report.md.j2"
"""Name of the bundled report template."""

LABELS = {"readiness": READINESS_LABEL, "status": STATUS_LABEL, "rag": RAG_LABEL}
"""Words for the result's keys, given to templates as ``labels`` (``labels.status[key]``)."""


def _finalize(value: Any) -> str:
    """Applied by jinja2 to the result of every ``{{ ... }}``."""
    if isinstance(value, Markdown):
        return value
    if isinstance(value, str):
        return md_escape(value)
    if isinstance(value, jinja2.Undefined):
        return str(value)  # StrictUndefined raises here, naming what is undefined
    return template_value(value)


class TemplateLimitError(IhoReadyError):
    """Raised while a template renders when it goes past a limit (:mod:`iho_ready.limits`).

    Raised inside the template's own code where possible, so :func:`render` can say which
    line; turned into a located ``[limit]`` :class:`InputError` there, never shown as it is.
    """


def _too_long(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"the template {what} more than {MAX_TEMPLATE_CHARS // (1024 * 1024)} Mi characters; "
                              "iho-ready renders at most that many")


def _checked_length(value: Any) -> Any:
    """*value*, once it is known to be no longer than :data:`~iho_ready.limits.MAX_TEMPLATE_CHARS`."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_TEMPLATE_CHARS:
        raise _too_long("built a text of")
    return value


class _CodeGenerator(CodeGenerator):
    """jinja2's code generator, with the length of every ``a ~ b`` checked as it is made.

    ``{% set ns.x = ns.x ~ ns.x %}`` in a short loop would otherwise double a text until
    memory runs out, in a few dozen steps.
    """

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 - jinja2's name
        """``environment.checked_length(a ~ b)``."""
        self.write("environment.checked_length(")
        super().visit_Concat(node, frame)
        self.write(")")


class _ReportEnvironment(SandboxedEnvironment):
    """The sandbox, plus two rules: what a template macro returns is Markdown already, and
    ``*``, ``**``, ``+`` and ``~`` cannot build a number or a text past the limits.

    A macro's output is the template's own text with values that were escaped as the macro
    printed them, so escaping it again where the macro is called would mangle it.
    """

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "**", "+"})
    checked_length = staticmethod(_checked_length)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        """``left OPERATOR right``, refused when the result would be too large to make quickly."""
        if operator == "**" and _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0 \
                and right * math.log10(abs(left)) > MAX_NUMBER_DIGITS:
            raise TemplateLimitError(f"the template computes a number of more than {MAX_NUMBER_DIGITS:,} digits; "
                                     "iho-ready allows at most that many")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and _is_int(times) and len(seq) * times > MAX_TEMPLATE_CHARS:
                    raise _too_long("repeats a text or list to")
        return _checked_length(super().call_binop(context, operator, left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - jinja2's signature
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, jinja2.runtime.Macro) and isinstance(result, str):
            return Markdown(result)
        return result


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


MAIN = "./"
"""Prefix of the name the user's own template is loaded by (``./report.md.j2``).

Every other name a template uses (``{% extends "report.md.j2" %}``) means a bundled
template when there is one by that name, so the README's example, saved under the
bundled template's own name, extends the bundled template instead of itself.
"""


class _SafeFileLoader(jinja2.BaseLoader):
    """Templates from the user's folder, read as every input is: regular files only, size-limited.

    jinja2's own ``FileSystemLoader`` would open a FIFO (and wait forever) or read a file of
    any size; this loader goes through :func:`~iho_ready.safe_files.read_bytes`, so a
    template (or a file it includes) that is not a regular text file is a located error.
    A file it includes that is a symlink leading out of the template's folder (the template
    itself: out of its repository) is refused without being read, so a pull request cannot
    make a CI job publish a file from elsewhere on the runner. A name a bundled template has
    is left to the bundled loader, except the user's own template, asked for as ``./NAME``
    (:data:`MAIN`).
    """

    def __init__(self, folder: Path, bundled: frozenset[str]):
        self.folder = folder
        self.bundled = bundled

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        """The template's text, its file name, and a check that it has not changed."""
        import os

        from ..safe_files import is_inside, read_bytes, repository_root

        if template in self.bundled:
            raise jinja2.TemplateNotFound(template)
        path = self.folder.joinpath(*jinja2.loaders.split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        # The template named on the command line may lead anywhere in its repository; what it
        # includes must stay in its folder.
        main = template.startswith(MAIN)
        if not is_inside(path, repository_root(self.folder) if main else self.folder):
            where = "the repository" if main else "the template's folder"
            raise InputError([Diagnostic(str(path), 0, 0, f"the template is a symbolic link to a file outside "
                                         f"{where}; iho-ready does not read it (replace the link with the file "
                                         "itself)", "template")])
        data = read_bytes(path, str(path))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError([Diagnostic(str(path), 0, 0, "the template is not UTF-8 text", "template")]) from None
        mtime = os.path.getmtime(path)
        return text, str(path), lambda: os.path.exists(path) and os.path.getmtime(path) == mtime


def environment(template_dir: Path | None = None, *, finalize: Any = _finalize) -> jinja2.Environment:
    """The jinja2 environment: the user's template folder first (if any), then the bundled templates.

    Sandboxed, because a template is code: a ``--template`` file can use the report's data but
    not reach into Python. ``StrictUndefined`` turns a misspelt name into a located error.
    """
    bundled = jinja2.PackageLoader("iho_ready", "templates")
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(_SafeFileLoader(template_dir, frozenset(bundled.list_templates())))
    loaders.append(bundled)
    env = _ReportEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    env.filters["md"] = md_escape
    env.filters["md_join"] = md_join
    env.filters["long_date"] = lambda d: Markdown(long_date(d))
    return env


def render(report: Report, options: RenderOptions, /) -> str:
    """Render *report* with the bundled template, or with the user's ``options.template``.

    Raises :class:`InputError` (code ``template``) pointing at the template's line when the
    template cannot be read, does not parse, or fails while rendering, and (code ``limit``)
    when a user's template runs too long or writes too much (:mod:`iho_ready.limits`).
    """
    return render_with(report, options, environment)


def render_with(report: Report, options: RenderOptions, make: Callable[[Path | None], jinja2.Environment]) -> str:
    """:func:`render` in the environment *make* builds for a template folder: the Word and PDF
    versions use one that prints an opaque token for every value (``report.document``)."""
    template = options.template
    if template is None:
        env, name, shown = make(None), TEMPLATE, None
    else:
        path = Path(template)
        if not path.exists():
            raise InputError([Diagnostic(str(template), 0, 0, "no such template file", "template")])
        env, name, shown = make(path.parent), path.name, str(template)
    try:
        # Tidied piece by piece as jinja2 generates them, and joined once: a whole-text tidy
        # held three copies of a large paper at a time.
        if template is None:
            text = _tidy_pieces(env.get_template(name).generate(report=report, labels=LABELS))
        else:
            with _StepBudget(MAX_TEMPLATE_STEPS):
                text = _tidy_pieces(env.get_template(MAIN + name).generate(report=report, labels=LABELS))
    except TemplateLimitError as e:
        filename, line = _template_frame(e)
        found = _located(filename, line, str(e), name, shown)
        raise InputError([Diagnostic(found.file, found.line, found.column, found.message, "limit")]) from None
    except jinja2.TemplateSyntaxError as e:
        raise InputError([_located(e.filename, e.lineno, e.message or str(e), name, shown)]) from None
    except InputError as e:  # a template file that is not a regular file, too large, or not UTF-8
        raise InputError([Diagnostic(d.file, d.line, d.column, d.message, "template") for d in e.diagnostics]) from None
    except (jinja2.TemplateError, TypeError, ValueError) as e:
        filename, line = _template_frame(e)
        raise InputError([_located(filename, line, _message(e), name, shown)]) from None
    except Exception as e:  # a user's template is code: any failure in it is theirs, located
        if template is None:
            raise  # the bundled template failing is a bug in iho-ready, not an input error
        filename, line = _template_frame(e)
        message = f"the template failed: {type(e).__name__}: {_message(e)}"
        raise InputError([_located(filename, line, message, name, shown)]) from None
    return text


class _StepBudget:
    """Counts the lines of template code a user's template runs, and stops it past *steps*.

    A ``sys.settrace`` hook that traces only frames of template code (jinja2 compiles a
    template into Python whose file name is the template's), so iho-ready's own code runs
    untraced. Raising in the hook raises in the template's frame, at the template's line,
    so the error is located. Counting lines rather than seconds keeps the outcome the same
    on every machine. Any tracer already installed (a coverage tool) is put back afterwards.
    """

    def __init__(self, steps: int) -> None:
        self.left = steps
        self.steps = steps
        self.previous: Any = None

    def __enter__(self) -> _StepBudget:
        self.previous = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self.previous)

    def _call(self, frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        return self._line if not name.endswith(".py") and not name.startswith("<") else None

    def _line(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.left -= 1
            if self.left < 0:
                raise TemplateLimitError(f"the template ran more than {self.steps:,} steps (a loop that does not "
                                         "end?); iho-ready runs at most that many")
        return self._line


def _located(filename: str | None, line: int | None, message: str, name: str, shown: str | None) -> Diagnostic:
    # Show the template as the user named it; a bundled or inherited template by its full path.
    where = shown if shown and filename and Path(filename).name == name else (filename or shown or name)
    return Diagnostic(where, line or 0, 1 if line else 0, message, "template")


def _message(error: Exception) -> str:
    if isinstance(error, RecursionError):  # Python's own words vary with where the stack ran out
        return "a macro or template calls itself without end"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template '{error.name}' not found beside the template, nor among the bundled ones"
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message}"
    return str(error) or type(error).__name__


def _template_frame(error: Exception) -> tuple[str | None, int | None]:
    """The template file and line where a rendering error happened.

    jinja2 rewrites tracebacks so that template code appears as frames "in" the template
    file (every other frame is Python's), which is how the line is found; the innermost
    template frame wins.
    """
    found: tuple[str | None, int | None] = (None, None)
    tb = error.__traceback__ or sys.exc_info()[2]
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


_BLANKS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """At most one blank line in a row and exactly one newline at the end: stable, lint-clean output."""
    return _BLANKS.sub("\n\n", text).strip("\n") + "\n"


def _tidy_pieces(pieces: Iterable[str]) -> str:
    """:func:`_tidy` of the joined *pieces*, without holding the untidy whole."""
    out: list[str] = []
    pending = 0  # newlines seen since the last text, not yet written
    written = 0
    for piece in pieces:
        written += len(piece)
        if written > MAX_TEMPLATE_CHARS:
            raise _too_long("wrote")
        body = piece.strip("\n")
        if not body:
            pending += len(piece)
            continue
        pending += len(piece) - len(piece.lstrip("\n"))
        if out and pending:
            out.append("\n" * min(pending, 2))
        out.append(_BLANKS.sub("\n\n", body) if "\n\n\n" in body else body)
        pending = len(piece) - len(piece.rstrip("\n"))
    out.append("\n")
    return "".join(out)
