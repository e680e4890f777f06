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

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..diagnostics import Diagnostic, InputError
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


class _ReportEnvironment(SandboxedEnvironment):
    """The sandbox, plus one rule: what a template macro returns is Markdown already.

    A macro's output is the template's own text with values that were escaped as the macro
    printed them, so escaping it again where the macro is called would mangle it.
    """

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - jinja2's signature
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, jinja2.runtime.Macro) and isinstance(result, str):
            return Markdown(result)
        return result


class _SafeFileLoader(jinja2.BaseLoader):
    """Templates from the user's folder, read as every input is: regular files only, size-limited.

    jinja2's own ``FileSystemLoader`` would open a FIFO (and wait forever) or read a file of
    any size; this loader goes through :func:`~iho_ready.safe_files.read_bytes`, so a
    template (or a file it includes) that is not a regular text file is a located error.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        """The template's text, its file name, and a check that it has not changed."""
        import os

        from ..safe_files import read_bytes

        path = self.folder.joinpath(*jinja2.loaders.split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
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
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(_SafeFileLoader(template_dir))
    loaders.append(jinja2.PackageLoader("iho_ready", "templates"))
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
    template cannot be read, does not parse, or fails while rendering.
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
        text = _tidy_pieces(env.get_template(name).generate(report=report, labels=LABELS))
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


def _located(filename: str | None, line: int | None, message: str, name: str, shown: str | None) -> Diagnostic:
    # Show the template as the user named it; a bundled or inherited template by its full path.
    where = shown if shown and filename and Path(filename).name == name else (filename or shown or name)
    return Diagnostic(where, line or 0, 1 if line else 0, message, "template")


def _message(error: Exception) -> str:
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
    for piece in pieces:
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
