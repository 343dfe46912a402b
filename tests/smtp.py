"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), with an inbox to look into."""

from __future__ import annotations

import asyncio
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from legal_desk.advice.mail import MailSecurity, MailSettings

USER = "legal-desk@district.example.org"
PASSWORD = "s3cret-Pa55word"
# aiosmtpd warns that AUTH without TLS is unsafe: the server is the test's own.
AUTH_WITHOUT_TLS = "ignore:Requiring AUTH while not requiring TLS:UserWarning"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """What the test server received."""

    envelopes: list[Envelope] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: SMTPServer, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        parsed = []
        for envelope in self.envelopes:
            assert isinstance(envelope.content, bytes)
            message = BytesParser(policy=email.policy.default).parsebytes(envelope.content)
            assert isinstance(message, email.message.EmailMessage)
            parsed.append(message)
        return parsed


@dataclass
class Server:
    inbox: Inbox
    port: int

    def settings(
        self, security: MailSecurity = MailSecurity.NONE, username: str = ""
    ) -> MailSettings:
        return MailSettings("127.0.0.1", self.port, security, username, f"Legal Office <{USER}>")


def start_server(**smtp_options: Any) -> Iterator[Server]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **smtp_options)
    controller.start()
    try:
        yield Server(inbox, port)
    finally:
        controller.stop()


def authenticator(
    server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False: the server answers 535 itself on a failure.
    return AuthResult(success=ok, handled=False)


@contextmanager
def silent_server() -> Iterator[tuple[int, socket.socket]]:
    """A port that accepts connections and never says a word (a hung mail server)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        yield int(silent.getsockname()[1]), silent


@dataclass
class HoldingInbox(Inbox):
    """Takes the whole message, then holds its answer until `release` is set: the
    moment when a cancelled send may or may not have been delivered."""

    taking: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.taking.set()
        while not self.release.is_set():
            await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


def start_holding_server() -> Iterator[Server]:
    inbox = HoldingInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Server(inbox, port)
    finally:
        inbox.release.set()
        controller.stop()
