"""A case: one incoming request from a school, from the first call to closing."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, str_enum, utc_now

if TYPE_CHECKING:
    from models.checklist import ChecklistItem
    from models.document import Document
    from models.people import Agent, SchoolStaff, Student


class CaseStatus(enum.StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    ADVICE_SENT = "advice_sent"
    SECURITY_NOTIFIED = "security_notified"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    CaseStatus.NEW: "New",
    CaseStatus.IN_REVIEW: "In review",
    CaseStatus.ADVICE_SENT: "Advice sent",
    CaseStatus.SECURITY_NOTIFIED: "Security notified",
    CaseStatus.CLOSED: "Closed",
}


class RequestType(enum.StrEnum):
    STUDENT_ACCESS = "student_access"
    STUDENT_RECORDS = "student_records"
    PROPERTY_ENTRY = "property_entry"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _REQUEST_LABELS[self]


_REQUEST_LABELS = {
    RequestType.STUDENT_ACCESS: "Access to a student",
    RequestType.STUDENT_RECORDS: "Student records",
    RequestType.PROPERTY_ENTRY: "Entry to property",
    RequestType.OTHER: "Other",
}


class OfficerLocation(enum.StrEnum):
    OUTSIDE = "outside"
    FRONT_OFFICE = "front_office"
    OTHER = "other"
    UNKNOWN = "unknown"


class Presented(enum.StrEnum):
    """Whether the officer showed a warrant or other document (tri-state on purpose:
    "not asked yet" must not read as "no")."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class School(Base):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Case(Base):
    __tablename__ = "case_file"  # "case" is a reserved word in SQL.
    __table_args__ = (
        Index("ix_case_file_status_received", "status", "received_at"),
        Index("ix_case_file_urgent_received", "urgent", "received_at"),
        Index("ix_case_file_school_received", "school_id", "received_at"),
        Index("ix_case_file_request_received", "request_type", "received_at"),
        Index("ix_case_file_attorney_received", "assigned_attorney", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[CaseStatus] = mapped_column(
        str_enum(CaseStatus, "case_status"), default=CaseStatus.NEW
    )
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True, default=utc_now)
    contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    request_type: Mapped[RequestType] = mapped_column(
        str_enum(RequestType, "request_type"), default=RequestType.OTHER
    )
    stated_purpose: Mapped[str] = mapped_column(Text, default="")
    document_presented: Mapped[Presented] = mapped_column(
        str_enum(Presented, "presented"), default=Presented.UNKNOWN
    )
    officer_location: Mapped[OfficerLocation] = mapped_column(
        str_enum(OfficerLocation, "officer_location"), default=OfficerLocation.UNKNOWN
    )
    officer_location_note: Mapped[str] = mapped_column(String(200), default="")
    officer_cooperative: Mapped[bool | None] = mapped_column(Boolean)
    exigent_claimed: Mapped[bool] = mapped_column(Boolean, default=False)
    lawful_order_claimed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    assigned_attorney: Mapped[str | None] = mapped_column(String(100))
    closed_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    school: Mapped[School | None] = relationship()
    staff: Mapped[list[SchoolStaff]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="SchoolStaff.id"
    )
    agents: Mapped[list[Agent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Agent.id"
    )
    students: Mapped[list[Student]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Student.id"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Document.id"
    )
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ChecklistItem.position"
    )

    @property
    def school_name(self) -> str:
        return self.school.name if self.school else ""
