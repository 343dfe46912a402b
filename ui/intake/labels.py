"""Words for the enums the core leaves unlabelled (where the officer waits, what was shown)."""

from __future__ import annotations

from models import OfficerLocation, Presented

PRESENTED_LABELS: dict[Presented, str] = {
    Presented.YES: "Yes",
    Presented.NO: "No",
    Presented.UNKNOWN: "Not asked yet",
}

LOCATION_LABELS: dict[OfficerLocation, str] = {
    OfficerLocation.OUTSIDE: "Outside",
    OfficerLocation.FRONT_OFFICE: "Front office",
    OfficerLocation.OTHER: "Other",
    OfficerLocation.UNKNOWN: "Not known",
}

COOPERATIVE_LABELS: dict[bool | None, str] = {True: "Yes", False: "No", None: "Unknown"}


def presented_label(value: Presented) -> str:
    return PRESENTED_LABELS[value]


def location_label(value: OfficerLocation, note: str = "") -> str:
    if value is OfficerLocation.OTHER and note.strip():
        return note.strip()
    return LOCATION_LABELS[value]


def cooperative_label(value: bool | None) -> str:
    return COOPERATIVE_LABELS[value]
