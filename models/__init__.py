"""SQLAlchemy models of the Legal Desk workspace (no Qt, no business logic)."""

from models.advice import AdviceTemplate, AdviceTemplateVersion, DeliveryChannel, SentAdvice
from models.audit import AuditEvent
from models.base import Base
from models.case import Case, CaseStatus, OfficerLocation, Presented, RequestType, School
from models.checklist import (
    AppliesTo,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SecurityNotification,
)
from models.document import (
    Annotation,
    AnnotationKind,
    BlobRole,
    Classification,
    Document,
    DocumentBlob,
    DocumentKind,
)
from models.ferpa import DisclosureEntryType, DisclosureLogEntry, LegalBasis
from models.people import Agency, Agent, SchoolStaff, Student
from models.reference import Contact, PolicyNote, Setting, UserProfile

__all__ = [
    "AdviceTemplate",
    "AdviceTemplateVersion",
    "Agency",
    "Agent",
    "Annotation",
    "AnnotationKind",
    "AppliesTo",
    "AuditEvent",
    "Base",
    "BlobRole",
    "Case",
    "CaseStatus",
    "ChecklistItem",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "Classification",
    "Contact",
    "DeliveryChannel",
    "DisclosureEntryType",
    "DisclosureLogEntry",
    "Document",
    "DocumentBlob",
    "DocumentKind",
    "LegalBasis",
    "OfficerLocation",
    "PolicyNote",
    "Presented",
    "RequestType",
    "School",
    "SchoolStaff",
    "SecurityNotification",
    "SentAdvice",
    "Setting",
    "Student",
    "UserProfile",
]
