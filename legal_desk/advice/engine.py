"""Advice templates rendered in Jinja2's sandbox: placeholders, prompts, empty values.

Templates are plain text that attorneys edit: paragraphs separated by a blank line,
lines starting "- " as bullets, and "# " for a heading. Placeholders are flat names
(`{{ school }}`), filled from the case; `{{ ask("Where is the officer waiting?") }}`
asks the attorney for a value while composing. Rendering is text first; HTML is made
from the text afterwards with every value escaped, so no template or case value can
inject markup.

The sandbox (immutable, strict undefined) refuses attribute access to Python
internals, so a template cannot reach the interpreter (issue 5: "no template can
reach Python internals").
"""

from __future__ import annotations

import html
import re
import sys
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from legal_desk.errors import LegalDeskError

PROMPT_FUNCTION = "ask"
MAX_TEMPLATE_CHARS = 50_000
MAX_OUTPUT_CHARS = 200_000
# Nested loops over long values could keep a render busy for minutes; a template that
# needs more than this is not advice. Checked on the rendering thread only.
RENDER_SECONDS = 2.0
# Globals a template has no use for; `range` would allow loops of any length.
_REMOVED_GLOBALS = ("range", "lipsum", "dict", "cycler", "joiner", "namespace")


class TemplateError(LegalDeskError):
    """A template cannot be used as written; the message names the line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"Line {line}: {message}" if line else message)
        self.line = line
        self.detail = message


@dataclass(frozen=True)
class TemplateSource:
    subject: str
    body: str


@dataclass(frozen=True)
class Analysis:
    placeholders: tuple[str, ...]  # case placeholders the template uses, in first-use order
    prompts: tuple[str, ...]  # questions for the attorney, in order
    unknown: tuple[str, ...]  # names that are neither placeholders nor prompts


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    empty: tuple[str, ...]  # placeholders and prompts that came out empty


class _Value(str):
    """A placeholder's value that remembers its name, so an empty one can be reported."""

    __slots__ = ("placeholder",)
    placeholder: str

    def __new__(cls, value: str, placeholder: str) -> _Value:
        made = super().__new__(cls, value)
        made.placeholder = placeholder
        return made


def _environment(finalize: Any = None) -> Any:
    from jinja2 import StrictUndefined  # imported where first needed (start-up time)
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # text output; HTML is escaped when made from the text
        keep_trailing_newline=False,
        finalize=finalize,
    )
    for name in _REMOVED_GLOBALS:
        environment.globals.pop(name, None)
    return environment


class _TooSlow(Exception):  # noqa: N818 - internal signal, turned into a TemplateError
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the code run inside after `seconds` (a tracer on this thread checks the
    clock every few hundred lines; the tracer that was there before is put back)."""
    deadline = time.monotonic() + seconds
    previous = sys.gettrace()
    count = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        count += 1
        if count % 256 == 0 and time.monotonic() > deadline:
            raise _TooSlow
        return tracer

    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


def _check_size(source: TemplateSource) -> None:
    if len(source.subject) + len(source.body) > MAX_TEMPLATE_CHARS:
        raise TemplateError(f"The template is longer than {MAX_TEMPLATE_CHARS:,} characters.")


def _parse(environment: Any, text: str, part: str) -> Any:
    from jinja2 import TemplateSyntaxError

    try:
        return environment.parse(text)
    except TemplateSyntaxError as exc:
        line = exc.lineno if part == "body" else None
        where = "In the subject: " if part == "subject" else ""
        raise TemplateError(f"{where}{exc.message or 'syntax error'}", line) from None


def analyse(source: TemplateSource, known: Collection[str]) -> Analysis:
    """What a template needs; raises `TemplateError` for a syntax error."""
    from jinja2 import nodes

    _check_size(source)
    environment = _environment()
    placeholders: list[str] = []
    prompts: list[str] = []
    unknown: list[str] = []
    for part, text in (("subject", source.subject), ("body", source.body)):
        tree = _parse(environment, text, part)
        assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        for call in tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == PROMPT_FUNCTION:
                label = call.args[0] if call.args else None
                if not isinstance(label, nodes.Const) or not isinstance(label.value, str):
                    raise TemplateError(
                        f'{PROMPT_FUNCTION}() needs a question in quotes, e.g. ask("Time?").',
                        call.lineno if part == "body" else None,
                    )
                if label.value not in prompts:
                    prompts.append(label.value)
        for name in tree.find_all(nodes.Name):
            if name.ctx != "load" or name.name in assigned or name.name == PROMPT_FUNCTION:
                continue
            target = placeholders if name.name in known else unknown
            if name.name not in target:
                target.append(name.name)
    return Analysis(tuple(placeholders), tuple(prompts), tuple(unknown))


def render(
    source: TemplateSource,
    values: Mapping[str, object],
    answers: Mapping[str, str] | None = None,
) -> Rendered:
    """Fill a template. `values` are the case placeholders (strings, booleans, lists of
    strings); `answers` the attorney's replies to its prompts. Raises `TemplateError`
    for a syntax error, an unknown placeholder or anything the sandbox refuses."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import UndefinedError
    from jinja2.exceptions import SecurityError

    _check_size(source)
    answers = answers or {}
    empty: list[str] = []

    def finalize(value: object) -> object:
        if isinstance(value, _Value) and not value.strip() and value.placeholder not in empty:
            empty.append(value.placeholder)
        return "" if value is None else value

    def ask(question: object) -> _Value:
        label = str(question)
        return _Value(answers.get(label, ""), label)

    environment = _environment(finalize)
    context: dict[str, object] = {
        name: _Value(value, name) if isinstance(value, str) else value
        for name, value in values.items()
    }
    context[PROMPT_FUNCTION] = ask
    rendered: list[str] = []
    for part, text in (("subject", source.subject), ("body", source.body)):
        template = environment.from_string(_parse(environment, text, part))
        try:
            with _time_limit(RENDER_SECONDS):
                output = template.render(context)
        except _TooSlow:
            raise TemplateError(
                "Filling in the template takes too long; check its loops."
            ) from None
        except UndefinedError as exc:
            raise TemplateError(f"Unknown placeholder: {_undefined_name(exc)}") from None
        except SecurityError:
            raise TemplateError("The template tried something templates may not do.") from None
        except (JinjaError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise TemplateError(f"The template could not be filled in: {exc}") from None
        if len(output) > MAX_OUTPUT_CHARS:
            raise TemplateError("The filled-in template is too long; check its loops.")
        rendered.append(output)
    subject = " ".join(rendered[0].split())
    text = _tidy(rendered[1])
    return Rendered(subject, text, text_to_html(text), tuple(empty))


def _undefined_name(exc: Exception) -> str:
    match = re.search(r"'([^']+)' is undefined", str(exc))
    return match.group(1) if match else str(exc)


def _tidy(text: str) -> str:
    """Trailing spaces gone and at most one blank line in a row (conditionals leave gaps)."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy)


def text_to_html(text: str) -> str:
    """Paragraphs, "- " bullets and "# " headings as simple HTML, everything escaped."""
    blocks: list[str] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()
        if bullets:
            blocks.append("<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("- "):
            if paragraph:
                flush()
            bullets.append(html.escape(line[2:].strip()))
        elif line.startswith("# "):
            flush()
            blocks.append(f"<h3>{html.escape(line[2:].strip())}</h3>")
        else:
            if bullets:
                flush()
            paragraph.append(html.escape(line))
    flush()
    return "\n".join(blocks)
