"""SMTP delivery against a real local server (aiosmtpd), mail settings and the keyring."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import keyring.backend
import keyring.errors
import pytest
from sqlalchemy import select

from legal_desk.advice.letters import Letter, Letterhead, to_eml
from legal_desk.advice.mail import MailError, MailPasswords, MailSecurity, MailSettings, send
from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.errors import LegalDeskError
from legal_desk.services.settings import SettingsService
from legal_desk.workspace import Workspace
from models import Setting
from tests.conftest import MemoryKeyring
from tests.smtp import (
    AUTH_WITHOUT_TLS,
    PASSWORD,
    USER,
    Server,
    authenticator,
    free_port,
    start_server,
)

RECIPIENT = "ana.rivera@meadow.example.org"
SUBJECT = "Hold and wait for counsel"
SHORT_TIMEOUT = 5.0  # only bounds a failing test; no assertion depends on time
pytestmark = pytest.mark.filterwarnings(AUTH_WITHOUT_TLS)


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    yield from start_server()


@pytest.fixture
def auth_server() -> Iterator[Server]:
    # No TLS on the test server, so login over plain text must be allowed here.
    yield from start_server(authenticator=authenticator, auth_required=True, auth_require_tls=False)


def make_letter() -> Letter:
    return Letter.from_html(
        1,
        None,
        SUBJECT,
        "<p>Dear Ms Rivera,</p><ul><li>The officer waits in the front office.</li></ul>",
    )


def draft() -> bytes:
    return to_eml(make_letter(), sender=f"Legal Office <{USER}>", recipient=RECIPIENT)


def test_the_message_arrives_with_recipient_subject_and_body(smtp_server: Server) -> None:
    send(draft(), smtp_server.settings(), None, recipient=RECIPIENT, timeout=SHORT_TIMEOUT)
    (envelope,) = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == [RECIPIENT]
    assert envelope.mail_from == USER
    (message,) = smtp_server.inbox.messages()
    assert message["Subject"] == SUBJECT
    assert message["To"].addresses[0].addr_spec == RECIPIENT
    # The saved draft's mark does not travel to the school.
    assert message["X-Unsent"] is None
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None and rich is not None
    assert "- The officer waits in the front office." in plain.get_content()
    assert "<li>The officer waits in the front office.</li>" in rich.get_content()


def test_a_login_with_the_right_password_sends(auth_server: Server) -> None:
    settings = auth_server.settings(username=USER)
    send(draft(), settings, PASSWORD, recipient=RECIPIENT, timeout=SHORT_TIMEOUT)
    assert [e.rcpt_tos for e in auth_server.inbox.envelopes] == [[RECIPIENT]]


def test_a_refused_login_is_a_clear_error_and_nothing_is_sent(auth_server: Server) -> None:
    settings = auth_server.settings(username=USER)
    with pytest.raises(MailError, match="refused the login") as caught:
        send(draft(), settings, "wrong password", recipient=RECIPIENT, timeout=SHORT_TIMEOUT)
    assert "wrong password" not in str(caught.value)
    assert auth_server.inbox.envelopes == []


def test_a_server_that_requires_a_login_says_so(auth_server: Server) -> None:
    with pytest.raises(MailError, match="requires a login"):
        send(draft(), auth_server.settings(), None, recipient=RECIPIENT, timeout=SHORT_TIMEOUT)
    assert auth_server.inbox.envelopes == []


def test_a_missing_password_is_asked_for_before_connecting(auth_server: Server) -> None:
    with pytest.raises(MailError, match="Enter the password"):
        send(draft(), auth_server.settings(username=USER), None, recipient=RECIPIENT)


def test_a_login_over_an_unencrypted_connection_is_refused_before_connecting() -> None:
    settings = MailSettings("smtp.example.org", 25, MailSecurity.NONE, USER, USER)
    with pytest.raises(MailError, match="needs an encrypted connection"):
        send(draft(), settings, PASSWORD, recipient=RECIPIENT)


def test_an_unreachable_server_is_a_clear_error() -> None:
    settings = MailSettings("127.0.0.1", free_port(), MailSecurity.NONE, "", USER)
    with pytest.raises(MailError, match=r"Could not reach the mail server 127\.0\.0\.1:\d+"):
        send(draft(), settings, None, recipient=RECIPIENT, timeout=SHORT_TIMEOUT)


def test_a_server_that_never_answers_times_out_with_a_clear_error() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection but never says hello
        port = silent.getsockname()[1]
        settings = MailSettings("127.0.0.1", port, MailSecurity.NONE, "", USER)
        with pytest.raises(MailError, match="did not answer in time"):
            send(draft(), settings, None, recipient=RECIPIENT, timeout=0.5)


def test_starttls_against_a_server_without_tls_is_a_clear_error(smtp_server: Server) -> None:
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        send(
            draft(),
            smtp_server.settings(MailSecurity.STARTTLS),
            None,
            recipient=RECIPIENT,
            timeout=SHORT_TIMEOUT,
        )
    assert smtp_server.inbox.envelopes == []


def test_tls_against_a_plain_server_is_a_clear_error(smtp_server: Server) -> None:
    with pytest.raises(MailError, match=r"secure connection .* failed"):
        send(
            draft(),
            smtp_server.settings(MailSecurity.TLS),
            None,
            recipient=RECIPIENT,
            timeout=SHORT_TIMEOUT,
        )
    assert smtp_server.inbox.envelopes == []


def test_a_refused_recipient_is_a_clear_error(smtp_server: Server) -> None:
    smtp_server.inbox.refuse.add(RECIPIENT)
    with pytest.raises(MailError, match=f"refused the recipient {RECIPIENT}"):
        send(draft(), smtp_server.settings(), None, recipient=RECIPIENT, timeout=SHORT_TIMEOUT)


def test_unconfigured_mail_says_so() -> None:
    assert not MailSettings().configured
    with pytest.raises(MailError, match="not set up"):
        send(draft(), MailSettings(), None, recipient=RECIPIENT)


# ----- settings -----


def test_mail_settings_are_kept_and_validated(workspace: Workspace) -> None:
    settings = SettingsService(workspace)
    assert settings.mail() == MailSettings()
    wanted = MailSettings(
        "smtp.district.example.org", 587, MailSecurity.STARTTLS, USER, f"Legal <{USER}>"
    )
    settings.set_mail(wanted)
    assert settings.mail() == wanted
    assert settings.mail().configured
    for bad, message in (
        (MailSettings("smtp server", 587, MailSecurity.TLS, "", USER), "not a host name"),
        (MailSettings("smtp.example.org", 0, MailSecurity.TLS, "", USER), "between 1 and 65535"),
        (MailSettings("smtp.example.org", 465, MailSecurity.TLS, "", "legal"), "not an e-mail"),
        (MailSettings("smtp.example.org", 25, MailSecurity.NONE, USER, USER), "encrypted"),
    ):
        with pytest.raises(MailError, match=message):
            settings.set_mail(bad)
    assert settings.mail() == wanted
    settings.set_mail(MailSettings(port=587))  # everything empty: no mail server
    assert not settings.mail().configured


def test_the_letterhead_has_the_district_default_and_can_be_changed(workspace: Workspace) -> None:
    settings = SettingsService(workspace)
    default = settings.letterhead()
    assert default.name == "Office of Legal Counsel"
    assert default.phone == "(303) 326-1800"
    assert "Aurora, CO 80011" in default.address.splitlines()
    settings.set_letterhead(Letterhead("Legal Unit", "1 Main St\n\n Springfield ", "555-0100"))
    assert settings.letterhead() == Letterhead("Legal Unit", "1 Main St\nSpringfield", "555-0100")
    with pytest.raises(LegalDeskError, match="name"):
        settings.set_letterhead(Letterhead(" ", "", ""))


# ----- the password in the keyring -----


def test_the_password_is_kept_in_the_keyring_and_never_in_the_settings(
    workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    mail = MailSettings("smtp.district.example.org", 587, MailSecurity.STARTTLS, USER, USER)
    SettingsService(workspace).set_mail(mail)
    passwords = MailPasswords(KeyringStore(memory_keyring))
    assert passwords.get(mail) is None
    passwords.set(mail, PASSWORD)
    assert passwords.get(mail) == PASSWORD
    assert len(memory_keyring.secrets) == 1
    # Another account on the same server has its own password.
    assert passwords.get(MailSettings(mail.host, 587, mail.security, "someone-else", USER)) is None
    with workspace.session() as session:
        stored = [(row.key, row.value) for row in session.scalars(select(Setting))]
    assert stored  # the mail settings themselves are there
    assert all(PASSWORD not in key + value for key, value in stored)
    assert SettingsService(workspace).mail().username == USER
    passwords.delete(mail)
    assert passwords.get(mail) is None
    passwords.delete(mail)  # deleting twice is harmless


class _BrokenKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("no keyring daemon")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("no keyring daemon")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("no keyring daemon")


class _ForgetfulKeyring(MemoryKeyring):
    """Accepts writes and drops them, as keyring's null backend does."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


@pytest.mark.parametrize("backend", [_BrokenKeyring, _ForgetfulKeyring])
def test_an_unusable_keyring_is_a_clear_error(backend: type[Any]) -> None:
    passwords = MailPasswords(KeyringStore(backend()))
    mail = MailSettings("smtp.example.org", 587, MailSecurity.STARTTLS, USER, USER)
    with pytest.raises(MailError, match="keyring is not available"):
        passwords.set(mail, PASSWORD)
    assert passwords.get(mail) is None
    passwords.delete(mail)


def test_a_long_letter_arrives_whole(smtp_server: Server) -> None:
    # Messages are made with LF line ends; SMTP needs CRLF, or the whole message reads
    # as one line and a server refuses it past 1,000 bytes.
    paragraph = "<p>" + "The officer is waiting in the front office. " * 20 + "</p>"
    letter = Letter.from_html(1, None, SUBJECT, paragraph * 10)
    message = to_eml(letter, sender=f"Legal Office <{USER}>", recipient=RECIPIENT)
    assert len(message) > 5000
    send(message, smtp_server.settings(), None, recipient=RECIPIENT, timeout=SHORT_TIMEOUT)
    (received,) = smtp_server.inbox.messages()
    body = received.get_body(("plain",))
    assert body is not None
    assert body.get_content().count("The officer is waiting in the front office.") == 200
