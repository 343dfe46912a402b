"""Post-call checklist: editable templates and per-case items (who, when, note)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, str_enum, utc_now

if TYPE_CHECKING:
    from models.case import Case


class AppliesTo(enum.StrEnum):
    ALL = "all"
    RECORDS = "records"  # student-records requests (FERPA)
    EXIGENT = "exigent"  # emergency path


class ChecklistTemplate(Base):
    __tablename__ = "checklist_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))

    items: Mapped[list[ChecklistTemplateItem]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="ChecklistTemplateItem.position",
    )


class ChecklistTemplateItem(Base):
    __tablename__ = "checklist_template_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    applies_to: Mapped[AppliesTo] = mapped_column(
        str_enum(AppliesTo, "applies_to"), default=AppliesTo.ALL
    )
    # Name of the rule that can tick it from facts on file (e.g. "badge_recorded").
    auto_rule: Mapped[str] = mapped_column(String(60), default="")

    template: Mapped[ChecklistTemplate] = relationship(back_populates="items")


class ChecklistItem(Base):
    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    template_item_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_template_item.id"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_by: Mapped[str | None] = mapped_column(String(100))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    auto_reason: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="checklist")


class SecurityNotification(Base):
    """The call (or mail) to district Security that ends the procedure."""

    __tablename__ = "security_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    person_spoken_to: Mapped[str] = mapped_column(String(200), default="")
    number_called: Mapped[str] = mapped_column(String(40), default="")
    method: Mapped[str] = mapped_column(String(40), default="phone")
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
