"""Cancelling an e-mail being sent: the connection closes at once, and the attorney is
told whether the server may already have the message (real sockets, real SMTP server)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from legal_desk.advice.letters import Letter
from legal_desk.advice.mail import (
    MAYBE_SENT,
    NOT_SENT,
    MailCancelledError,
    MailSecurity,
    MailSettings,
    SendControl,
    send,
)
from legal_desk.advice.sent import AdviceRecords, mail_letter
from legal_desk.services.cases import CaseIntake, CaseService
from legal_desk.workspace import Workspace
from tests.smtp import USER, HoldingInbox, Server, silent_server, start_holding_server

RECIPIENT = "ana.rivera@meadow.example.org"
# Far longer than any test waits: a send that returns did so because it was cancelled.
LONG_TIMEOUT = 60.0
JOIN_S = 10.0  # only bounds a failing test


@pytest.fixture
def holding_server() -> Iterator[Server]:
    yield from start_holding_server()


def message() -> bytes:
    return b"Subject: Hold and wait\r\nFrom: legal@district.example\r\n\r\nWait for counsel.\r\n"


def send_in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the test
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_cancel_while_the_server_has_not_greeted_stops_at_once_and_nothing_is_sent() -> None:
    with silent_server() as (port, listener):
        settings = MailSettings("127.0.0.1", port, MailSecurity.NONE, "", USER)
        control = SendControl()
        thread, errors = send_in_thread(
            lambda: send(
                message(),
                settings,
                None,
                recipient=RECIPIENT,
                timeout=LONG_TIMEOUT,
                control=control,
            )
        )
        connection, _ = listener.accept()  # the send is now waiting for a greeting
        with connection:
            control.cancel()
            thread.join(JOIN_S)

    assert not thread.is_alive()
    assert len(errors) == 1
    assert isinstance(errors[0], MailCancelledError)
    assert errors[0].maybe_sent is False
    assert str(errors[0]) == NOT_SENT


def test_a_send_cancelled_before_it_starts_never_connects() -> None:
    with silent_server() as (port, listener):
        settings = MailSettings("127.0.0.1", port, MailSecurity.NONE, "", USER)
        control = SendControl()
        control.cancel()
        with pytest.raises(MailCancelledError) as raised:
            send(message(), settings, None, recipient=RECIPIENT, control=control)
        listener.settimeout(0.2)
        with pytest.raises(TimeoutError):
            listener.accept()
    assert raised.value.maybe_sent is False


def test_cancel_while_the_server_takes_the_message_says_it_may_be_delivered(
    holding_server: Server,
) -> None:
    inbox = holding_server.inbox
    assert isinstance(inbox, HoldingInbox)
    control = SendControl()
    thread, errors = send_in_thread(
        lambda: send(
            message(),
            holding_server.settings(),
            None,
            recipient=RECIPIENT,
            timeout=LONG_TIMEOUT,
            control=control,
        )
    )
    assert inbox.taking.wait(JOIN_S)
    control.cancel()
    thread.join(JOIN_S)

    assert not thread.is_alive()
    assert isinstance(errors[0], MailCancelledError)
    assert errors[0].maybe_sent is True
    assert str(errors[0]) == MAYBE_SENT
    assert "may have been delivered" in MAYBE_SENT


def test_a_cancelled_letter_is_not_recorded(workspace: Workspace) -> None:
    case_id = CaseService(workspace).create(CaseIntake(school="Meadow Elementary"))
    letter = Letter.from_html(case_id, None, "Hold and wait", "<p>Wait for counsel.</p>")
    with silent_server() as (port, listener):
        settings = MailSettings("127.0.0.1", port, MailSecurity.NONE, "", USER)
        control = SendControl()
        thread, errors = send_in_thread(
            lambda: mail_letter(
                workspace,
                letter,
                settings,
                None,
                recipient=RECIPIENT,
                timeout=LONG_TIMEOUT,
                control=control,
            )
        )
        connection, _ = listener.accept()
        with connection:
            control.cancel()
            thread.join(JOIN_S)

    assert isinstance(errors[0], MailCancelledError)
    assert AdviceRecords(workspace).for_case(case_id) == []
