"""Advice templates (versioned) and advice sent to schools (immutable)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, str_enum, utc_now


class DeliveryChannel(enum.StrEnum):
    CLIPBOARD = "clipboard"
    PDF = "pdf"
    EML = "eml"
    SMTP = "smtp"
    PRINT = "print"


class AdviceTemplate(Base):
    __tablename__ = "advice_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(default=False)

    versions: Mapped[list[AdviceTemplateVersion]] = relationship(
        back_populates="template", order_by="AdviceTemplateVersion.version"
    )


class AdviceTemplateVersion(Base):
    """An edit of a template makes a new version; old versions stay as sent."""

    __tablename__ = "advice_template_version"
    __table_args__ = (UniqueConstraint("template_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("advice_template.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(100))

    template: Mapped[AdviceTemplate] = relationship(back_populates="versions")


class SentAdvice(Base):
    """The exact text delivered, kept for the record; never updated."""

    __tablename__ = "sent_advice"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    template_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("advice_template_version.id")
    )
    channel: Mapped[DeliveryChannel] = mapped_column(str_enum(DeliveryChannel, "channel"))
    recipient: Mapped[str] = mapped_column(String(300), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    author: Mapped[str] = mapped_column(String(100))
