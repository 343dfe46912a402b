"""`legal-desk verify`: is the database file intact, and is the audit chain unbroken?"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from legal_desk import audit
from legal_desk.crypto.secret import SecretKey
from legal_desk.errors import DatabaseError
from legal_desk.storage.engine import make_engine
from models import AuditEvent


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def lines(self) -> list[str]:
        return [f"{'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}" for c in self.checks]


def _pragma_rows(session: Session, pragma: str) -> list[str]:
    return [str(r[0]) for r in session.connection().exec_driver_sql(f"PRAGMA {pragma}")]


def verify(db_file: Path, key: SecretKey, seen: tuple[int, str] | None = None) -> Report:
    """Run every check read-only; a damaged file is reported, never repaired or rewritten.
    `seen`: the newest audit event (sequence number, hash) this computer saw of the
    workspace (see `audit_anchor`): the chain must still hold it, unchanged."""
    report = Report()
    if db_file.stat().st_size == 0:
        # SQLite reads an empty file as an empty database, which would pass every check.
        report.checks.append(Check("decrypt", False, f"the database file {db_file.name} is empty"))
        return report
    try:
        engine = make_engine(db_file, key, read_only=True)
        with engine.connect():
            pass
    except DatabaseError as exc:
        report.checks.append(Check("decrypt", False, str(exc)))
        return report
    try:
        with Session(engine) as session:
            try:
                problems = _pragma_rows(session, "cipher_integrity_check")
                report.checks.append(
                    Check(
                        "cipher_integrity_check",
                        not problems,
                        "every page authenticates" if not problems else "; ".join(problems[:5]),
                    )
                )
            except (sa_exc.DBAPIError, sqlcipher.Error) as exc:
                report.checks.append(Check("cipher_integrity_check", False, _short(exc)))
            try:
                rows = _pragma_rows(session, "integrity_check")
                ok = rows == ["ok"]
                report.checks.append(
                    Check("integrity_check", ok, "ok" if ok else "; ".join(rows[:5]))
                )
            except (sa_exc.DBAPIError, sqlcipher.Error) as exc:
                report.checks.append(Check("integrity_check", False, _short(exc)))
            try:
                chain = audit.verify_session_chain(session)
                detail = (
                    f"{chain.events} events, unbroken"
                    if chain.ok
                    else f"first broken link at event {chain.broken_at_seq}: {chain.reason}"
                )
                report.checks.append(Check("audit chain", chain.ok, detail))
            except (sa_exc.DBAPIError, sqlcipher.Error, ValueError) as exc:
                report.checks.append(Check("audit chain", False, _short(exc)))
            if seen is not None:
                report.checks.append(_seen_check(session, *seen))
    finally:
        engine.dispose()
    return report


def _seen_check(session: Session, seq: int, digest: str) -> Check:
    name = "newest event seen on this computer"
    try:
        held = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq))
    except (sa_exc.DBAPIError, sqlcipher.Error) as exc:
        return Check(name, False, _short(exc))
    if held == digest:
        return Check(name, True, f"event {seq} is still there, unchanged")
    if held is None:
        return Check(
            name,
            False,
            f"the chain ends before event {seq}, which this computer saw: an older copy, "
            "or events cut off its end",
        )
    return Check(name, False, f"event {seq} is not the event this computer saw")


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0][:200]
