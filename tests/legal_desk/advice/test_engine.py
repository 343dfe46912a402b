"""Filling in advice templates: placeholders, prompts, empty values, errors, the sandbox."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legal_desk.advice.engine import (
    Rendered,
    TemplateError,
    TemplateSource,
    analyse,
    render,
    text_to_html,
)

KNOWN = {"school", "caller_name", "supervisor_phone", "exigent_claimed", "documents"}
VALUES: dict[str, object] = {
    "school": "Meadow Ridge Elementary",
    "caller_name": "Ms. Rivera",
    "supervisor_phone": "",
    "exigent_claimed": False,
    "documents": "warrant.pdf",
}


def fill(body: str, answers: dict[str, str] | None = None, subject: str = "S") -> Rendered:
    return render(TemplateSource(subject, body), VALUES, answers)


def test_placeholders_are_filled_and_the_subject_is_one_line() -> None:
    done = render(
        TemplateSource("Advice for\n {{ school }}", "Dear {{ caller_name }},\n\nWait outside."),
        VALUES,
    )
    assert done.subject == "Advice for Meadow Ridge Elementary"
    assert done.text == "Dear Ms. Rivera,\n\nWait outside."
    assert done.html == "<p>Dear Ms. Rivera,</p>\n<p>Wait outside.</p>"
    assert done.empty == ()


def test_an_empty_placeholder_is_reported_by_name_once() -> None:
    done = fill("Call {{ supervisor_phone }}.\nAgain: {{ supervisor_phone }}.")
    assert done.empty == ("supervisor_phone",)


def test_an_empty_value_used_only_in_a_condition_is_not_reported() -> None:
    done = fill("{% if supervisor_phone %}Call {{ supervisor_phone }}.{% endif %}Done.")
    assert (done.text, done.empty) == ("Done.", ())


def test_prompts_are_listed_then_filled_from_the_attorneys_answers() -> None:
    body = 'The officer waits {{ ask("Where is the officer?") }}.\n{{ ask("Call back in?") }}'
    found = analyse(TemplateSource("S", body), KNOWN)
    assert found.prompts == ("Where is the officer?", "Call back in?")
    done = fill(body, {"Where is the officer?": "in the front office"})
    assert done.text.startswith("The officer waits in the front office.")
    assert done.empty == ("Call back in?",)


def test_analysis_separates_placeholders_from_unknown_names() -> None:
    found = analyse(TemplateSource("{{ school }}", "{{ caller_name }} {{ status }}"), KNOWN)
    assert found.placeholders == ("school", "caller_name")
    assert found.unknown == ("status",)


def test_loop_variables_are_not_unknown_names() -> None:
    found = analyse(TemplateSource("", "{% for d in documents %}{{ d }}{% endfor %}"), KNOWN)
    assert found.unknown == ()


def test_a_syntax_error_names_its_line_and_what_is_wrong() -> None:
    with pytest.raises(TemplateError) as caught:
        analyse(TemplateSource("S", "Line one\nLine two {% if %}\n"), KNOWN)
    assert caught.value.line == 2
    assert str(caught.value).startswith("Line 2: ")


def test_a_syntax_error_in_the_subject_says_so() -> None:
    with pytest.raises(TemplateError, match="In the subject"):
        fill("Body", subject="{{ school ")


def test_an_unknown_placeholder_is_named() -> None:
    with pytest.raises(TemplateError, match="Unknown placeholder: status"):
        fill("{{ status }}")


def test_a_prompt_without_a_quoted_question_is_refused() -> None:
    with pytest.raises(TemplateError, match="needs a question in quotes"):
        analyse(TemplateSource("S", "{{ ask(school) }}"), KNOWN)


def test_values_cannot_inject_markup() -> None:
    done = render(TemplateSource("S", "{{ school }}"), {"school": '<img src=x onerror="x">'})
    assert "<img" not in done.html
    assert "&lt;img" in done.html


def test_bullets_and_headings_become_html() -> None:
    assert text_to_html("# Now\n- one\n- two & three\nAfter") == (
        "<h3>Now</h3>\n<ul><li>one</li><li>two &amp; three</li></ul>\n<p>After</p>"
    )


@pytest.mark.parametrize(
    "attack",
    [
        "{{ school.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ school.__class__.__base__.__subclasses__() }}",
        "{{ ask.__globals__ }}",
        "{{ ask.__code__ }}",
        "{{ self.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ config }}",
        "{{ request }}",
        "{{ school|attr('__class__') }}",
        "{{ ''.format.__self__ }}",
        "{{ '{0.__class__}'.format(school) }}",
        "{% set x = school.__class__ %}{{ x }}",
        "{{ range(10) }}",
    ],
)
def test_the_sandbox_refuses_python_internals(attack: str) -> None:
    with pytest.raises(TemplateError):
        fill(attack)


def test_a_template_that_loops_for_ever_is_stopped() -> None:
    loops = "{% for a in s %}" * 5 + "{% endfor %}" * 5
    with pytest.raises(TemplateError, match="takes too long"):
        render(TemplateSource("S", loops), {"s": "x" * 400})


TOKENS = st.sampled_from(
    [
        "{{",
        "}}",
        "{%",
        "%}",
        "school",
        "ask(",
        ")",
        '"q"',
        ".",
        "__class__",
        "__globals__",
        "|",
        "attr",
        "(",
        "[",
        "]",
        " if ",
        " for ",
        " in ",
        "endfor",
        "endif",
        "set",
        "=",
        "'",
        "x",
        "\n",
        "format",
        "mro",
        "0",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOKENS, max_size=30).map("".join))
def test_no_template_raises_anything_but_a_template_error(body: str) -> None:
    try:
        done = fill(body)
    except TemplateError:
        return
    assert "<class" not in done.text  # nothing of Python's object model leaks out
