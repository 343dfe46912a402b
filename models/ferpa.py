"""FERPA record of requests and disclosures (34 CFR 99.32).

A disclosure is either released (`released_at`), planned (a `planned_release_at` and
no release yet) or withdrawn (`withdrawn_at`, with a reason): rows are never deleted,
so the record shows what was planned and dropped as well as what went out.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, str_enum, utc_now


class DisclosureEntryType(enum.StrEnum):
    REQUEST = "request"
    DISCLOSURE = "disclosure"


class LegalBasis(enum.StrEnum):
    CONSENT = "consent"
    COURT_ORDER = "court_order"
    LAWFUL_SUBPOENA = "lawful_subpoena"
    HEALTH_SAFETY_EMERGENCY = "health_safety_emergency"
    DIRECTORY_INFORMATION = "directory_information"
    NONE = "none"  # a request refused or still pending


class DisclosureLogEntry(Base):
    __tablename__ = "disclosure_log_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id"), index=True)
    entry_type: Mapped[DisclosureEntryType] = mapped_column(
        str_enum(DisclosureEntryType, "disclosure_entry_type")
    )
    party: Mapped[str] = mapped_column(String(300))
    legitimate_interest: Mapped[str] = mapped_column(Text, default="")
    records_described: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[LegalBasis] = mapped_column(
        str_enum(LegalBasis, "legal_basis"), default=LegalBasis.NONE
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    planned_release_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    parent_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 34 CFR 99.31(a)(9)(ii): an order or subpoena may forbid telling anyone of it.
    notice_forbidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    notice_forbidden_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100))
