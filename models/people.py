"""People on a case, one table per role.

Deliberately no field for anyone's immigration status or nationality: schools must
not collect it (Plyler v. Doe), so the schema cannot hold it.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum

if TYPE_CHECKING:
    from models.case import Case


class Agency(enum.StrEnum):
    ICE_ERO = "ice_ero"
    ICE_HSI = "ice_hsi"
    CBP = "cbp"
    OTHER = "other"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _AGENCY_LABELS[self]


_AGENCY_LABELS = {
    Agency.ICE_ERO: "ICE ERO",
    Agency.ICE_HSI: "ICE HSI",
    Agency.CBP: "CBP",
    Agency.OTHER: "Other",
    Agency.UNKNOWN: "Unknown",
}


class SchoolStaff(Base):
    """A school employee on the case; the caller is flagged."""

    __tablename__ = "school_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_caller: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="staff")


class Agent(Base):
    __tablename__ = "agent"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="", index=True)
    badge_number: Mapped[str] = mapped_column(String(60), default="", index=True)
    agency: Mapped[Agency] = mapped_column(str_enum(Agency, "agency"), default=Agency.UNKNOWN)
    supervisor_name: Mapped[str] = mapped_column(String(200), default="")
    supervisor_phone: Mapped[str] = mapped_column(String(40), default="")

    case: Mapped[Case] = relationship(back_populates="agents")


class Student(Base):
    """The minimum needed to identify a student: name, school, grade."""

    __tablename__ = "student"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    school_name: Mapped[str] = mapped_column(String(200), default="")
    grade: Mapped[str] = mapped_column(String(20), default="")

    case: Mapped[Case] = relationship(back_populates="students")
