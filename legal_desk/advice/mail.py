"""Sending advice through the district's SMTP server, and keeping its password.

The password lives in the OS keyring only, never in the workspace settings
(issue 5). Every failure becomes one sentence the attorney can act on; nothing
here logs the password or the message.
"""

from __future__ import annotations

import contextlib
import enum
import ipaddress
import logging
import re
import threading
from dataclasses import dataclass
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from legal_desk.crypto.keyring_store import KeyringStore
from legal_desk.errors import LegalDeskError

if TYPE_CHECKING:
    import smtplib
    import socket
    import ssl

DEFAULT_TIMEOUT = 20.0
KEYRING_PREFIX = "smtp"
log = logging.getLogger(__name__)

_HOST = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$"
)
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class MailSecurity(enum.StrEnum):
    STARTTLS = "starttls"  # plain connection upgraded to TLS (usually port 587)
    TLS = "tls"  # TLS from the first byte (usually port 465)
    NONE = "none"  # no encryption: only for a relay inside the district's network

    @property
    def label(self) -> str:
        return {
            MailSecurity.STARTTLS: "STARTTLS",
            MailSecurity.TLS: "TLS (SSL)",
            MailSecurity.NONE: "None",
        }[self]

    @property
    def default_port(self) -> int:
        return {MailSecurity.STARTTLS: 587, MailSecurity.TLS: 465, MailSecurity.NONE: 25}[self]


class MailError(LegalDeskError):
    """Mail could not be sent or its settings kept; the message says why in one sentence."""


NOT_SENT = "Sending was cancelled: nothing was sent."
MAYBE_SENT = (
    "Sending was cancelled while the mail server was taking the message: it may have "
    "been delivered. Ask the recipient before sending it again."
)


class MailCancelledError(MailError):
    """The user cancelled a send. `maybe_sent`: cancelled while the server was taking
    the message, so it may have it (SMTP has no way to take a message back)."""

    def __init__(self, maybe_sent: bool) -> None:
        super().__init__(MAYBE_SENT if maybe_sent else NOT_SENT)
        self.maybe_sent = maybe_sent


class SendControl:
    """Cancels a `send` running on another thread: it closes the connection, so a call
    waiting on the network returns at once instead of after the timeout."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._socket: Any = None
        self.handing_over = False  # the message itself is on its way to the server

    @property
    def cancelled(self) -> bool:
        with self._lock:
            return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            sock = self._socket
        _shut(sock)

    def attach(self, sock: Any) -> Any:
        """The socket the send now talks through (returned); closed at once if the send
        was cancelled before it existed."""
        with self._lock:
            self._socket = sock
            cancelled = self._cancelled
        if cancelled:
            _shut(sock)
        return sock

    def stop_if_cancelled(self) -> None:
        """Between steps: raise `MailCancelledError` if cancelled."""
        if self.cancelled:
            raise MailCancelledError(maybe_sent=False)


def _shut(sock: Any) -> None:
    if sock is None:
        return
    import socket

    # Already closed means the send is over either way.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


@dataclass(frozen=True)
class MailSettings:
    host: str = ""
    port: int = 587
    security: MailSecurity = MailSecurity.STARTTLS
    username: str = ""
    sender: str = ""  # "Office of Legal Counsel <legal@district.org>" or a bare address

    @property
    def configured(self) -> bool:
        return bool(self.host.strip() and self.sender_address)

    @property
    def sender_address(self) -> str:
        """The bare address of `sender`, or "" when it is not one."""
        _, address = parseaddr(self.sender)
        return address if _ADDRESS.match(address) else ""

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def is_address(text: str) -> bool:
    """True for a single e-mail address, with or without a display name."""
    _, address = parseaddr(text)
    return bool(_ADDRESS.match(address))


def validate(settings: MailSettings) -> None:
    """Refuse settings that cannot work, naming the field."""
    host = settings.host.strip()
    if not host or not _HOST.match(host):
        raise MailError(f"The mail server {settings.host!r} is not a host name.")
    if not 1 <= settings.port <= 65535:
        raise MailError(f"The mail server's port must be between 1 and 65535, not {settings.port}.")
    if not settings.sender_address:
        raise MailError(f"The sender {settings.sender!r} is not an e-mail address.")
    if any(c.isspace() for c in settings.username):
        raise MailError("The mail user name cannot contain spaces.")
    _check_login_is_encrypted(settings)


def _is_loopback(host: str) -> bool:
    host = host.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_login_is_encrypted(settings: MailSettings) -> None:
    # A password sent without encryption can be read by anyone on the network path;
    # only a server on this computer (a local relay, or the tests' own) is exempt.
    if (
        settings.username
        and settings.security is MailSecurity.NONE
        and not _is_loopback(settings.host)
    ):
        raise MailError(
            "A login needs an encrypted connection: choose STARTTLS or TLS for the mail server."
        )


def _tls_reason(exc: Exception) -> str:
    reason = getattr(exc, "verify_message", "") or getattr(exc, "reason", "") or ""
    return f" ({reason})" if reason else ""


def send(
    message: bytes,
    settings: MailSettings,
    password: str | None,
    *,
    recipient: str,
    timeout: float = DEFAULT_TIMEOUT,
    control: SendControl | None = None,
) -> None:
    """Send `message` (an RFC 5322 message, e.g. from `to_eml`) to `recipient`.

    Raises `MailError` with a clear sentence for every failure; nothing is retried
    (the caller keeps the draft and may try again). `control` lets another thread
    cancel: then `MailCancelledError` says whether the server may have the message."""
    control = control or SendControl()
    try:
        _send(message, settings, password, recipient, timeout, control)
    except MailError:
        if control.cancelled:
            raise MailCancelledError(maybe_sent=control.handing_over) from None
        raise


def _send(
    message: bytes,
    settings: MailSettings,
    password: str | None,
    recipient: str,
    timeout: float,
    control: SendControl,
) -> None:
    import smtplib  # imported where first needed (start-up time)
    import socket
    import ssl

    if not settings.configured:
        raise MailError("Mail is not set up: enter the mail server and sender in the settings.")
    _, to_address = parseaddr(recipient)
    if not _ADDRESS.match(to_address):
        raise MailError(f"{recipient!r} is not an e-mail address.")
    _check_login_is_encrypted(settings)
    if settings.username and not password:
        raise MailError(f"Enter the password for {settings.username} on {settings.host}.")
    # SMTP lines end in CRLF; smtplib sends bytes as they are, and a message made with
    # bare LF endings reads as one long line to the server (refused over 1,000 bytes).
    data = re.sub(rb"\r?\n", b"\r\n", _without_draft_mark(message))
    context = ssl.create_default_context()
    server = settings.server
    client: smtplib.SMTP | None = None
    try:
        control.stop_if_cancelled()
        client = _connect(settings, timeout, context, control)
        control.stop_if_cancelled()
        client.ehlo()
        if settings.security is MailSecurity.STARTTLS:
            if not client.has_extn("starttls"):
                raise MailError(
                    f"The mail server {server} does not offer STARTTLS; choose TLS or "
                    "check the port."
                )
            client.starttls(context=context)
            control.attach(client.sock)  # the TLS socket has taken over the connection
            client.ehlo()
        if settings.username:
            if not client.has_extn("auth"):
                raise MailError(
                    f"The mail server {server} does not accept a login on this connection."
                )
            client.login(settings.username, password or "")
        control.stop_if_cancelled()
        control.handing_over = True
        refused = client.sendmail(settings.sender_address, [to_address], data)
        if refused:
            raise MailError(f"The mail server refused the recipient {to_address}.")
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError:
        raise MailError(
            f"The mail server refused the login for {settings.username}: check the user name "
            "and password."
        ) from None
    except smtplib.SMTPRecipientsRefused:
        raise MailError(f"The mail server refused the recipient {to_address}.") from None
    except smtplib.SMTPSenderRefused as exc:
        if exc.smtp_code == 530:  # "authentication required"
            raise MailError(
                f"The mail server {server} requires a login: enter the user name and password."
            ) from None
        raise MailError(
            f"The mail server refused the sender {settings.sender_address}; it may only "
            "accept the account's own address."
        ) from None
    except smtplib.SMTPDataError as exc:
        raise MailError(f"The mail server refused the message: {_reply_text(exc)}") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"The mail server {server} does not support what was asked.") from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"The mail server {server}'s certificate could not be trusted{_tls_reason(exc)}."
        ) from None
    except ssl.SSLError as exc:
        raise MailError(
            f"A secure connection to the mail server {server} failed{_tls_reason(exc)}; "
            "check the security setting and port."
        ) from None
    except TimeoutError:
        raise MailError(f"The mail server {server} did not answer in time.") from None
    except smtplib.SMTPServerDisconnected as exc:
        # smtplib reports a read that timed out as a lost connection.
        if "timed out" in str(exc):
            raise MailError(f"The mail server {server} did not answer in time.") from None
        raise MailError(f"The mail server {server} closed the connection.") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"The mail server {server} refused: {_reply_text(exc)}") from None
    except socket.gaierror:
        raise MailError(f"The mail server {settings.host} could not be found.") from None
    except OSError as exc:
        raise MailError(
            f"Could not reach the mail server {server} ({exc.strerror or type(exc).__name__})."
        ) from None
    finally:
        if client is not None:
            _close(client)
    log.info("advice sent through %s", server)


def _connect(
    settings: MailSettings, timeout: float, context: ssl.SSLContext, control: SendControl
) -> smtplib.SMTP:
    """A client connected to the server, whose socket `control` holds from the moment
    it exists: a cancel then ends the wait for the server's greeting too."""
    import smtplib

    class Plain(smtplib.SMTP):
        def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
            return control.attach(super()._get_socket(host, port, timeout))  # type: ignore[misc,no-any-return]

    class Tls(smtplib.SMTP_SSL):
        def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
            return control.attach(super()._get_socket(host, port, timeout))  # type: ignore[misc,no-any-return]

    if settings.security is MailSecurity.TLS:
        return Tls(settings.host, settings.port, timeout=timeout, context=context)
    return Plain(settings.host, settings.port, timeout=timeout)


def _reply_text(exc: Any) -> str:
    error = getattr(exc, "smtp_error", b"")
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error or exc)
    return " ".join(text.split()) or type(exc).__name__


def _close(client: Any) -> None:
    try:
        client.quit()
    except Exception:  # the connection may already be gone; closing is best effort
        client.close()


def _without_draft_mark(message: bytes) -> bytes:
    """The message without "X-Unsent" (a saved draft's mark must not reach the school,
    whose mail client could otherwise show the received letter as a draft)."""
    head, sep, body = message.partition(b"\r\n\r\n")
    newline = b"\r\n"
    if not sep:
        head, sep, body = message.partition(b"\n\n")
        newline = b"\n"
    lines = head.split(newline)
    kept = [line for line in lines if not line.lower().startswith(b"x-unsent:")]
    if len(kept) == len(lines):
        return message
    return newline.join(kept) + sep + body


class MailPasswords:
    """The SMTP password in the OS keyring, keyed by server and user name."""

    def __init__(self, store: KeyringStore) -> None:
        self._store = store

    @staticmethod
    def _user(settings: MailSettings) -> str:
        return f"{KEYRING_PREFIX}:{settings.username.strip()}@{settings.host.strip().lower()}"

    def get(self, settings: MailSettings) -> str | None:
        if not settings.username:
            return None
        secret = self._store.get(self._user(settings))
        if secret is None:
            return None
        try:
            return secret.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def set(self, settings: MailSettings, password: str) -> None:
        if not settings.username or not settings.host:
            raise MailError("Enter the mail server and user name before the password.")
        user = self._user(settings)
        secret = password.encode("utf-8")
        try:
            self._store.set(user, secret)
            kept = self._store.get(user) == secret
        except Exception as exc:  # any backend failure: no keyring to keep it in
            log.info("keyring write failed: %s", type(exc).__name__)
            kept = False
        if not kept:
            # Some backends accept a write and drop it; the password must not end up
            # anywhere else, so the attorney is told instead.
            raise MailError(
                "The system keyring is not available, so the mail password cannot be kept; "
                "it will be asked for when sending."
            )

    def delete(self, settings: MailSettings) -> None:
        if not settings.username:
            return
        try:
            self._store.delete(self._user(settings))
        except Exception as exc:  # nothing stored, or no keyring: nothing to delete
            log.info("keyring delete failed: %s", type(exc).__name__)
