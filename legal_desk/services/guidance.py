"""Guidance shown in the case view, written from the district procedure in our own words.

The numbers come from the workspace's contact directory (settings), never from
constants, so the office can correct them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from legal_desk.services.settings import ContactInfo


@dataclass(frozen=True)
class Guidance:
    title: str
    steps: tuple[str, ...]


def emergency_guidance(legal: ContactInfo, security: ContactInfo) -> Guidance:
    """For a claim of exigent circumstances or a "lawful order": staff comply and report."""
    return Guidance(
        title="Emergency claimed: the school complies, then reports at once",
        steps=(
            "Tell the school leader to comply with the officer's order and not to "
            "interfere, physically or otherwise.",
            "Staff stay with the student where they can, and note who was present.",
            "Write down what the officer said about the emergency, in their words, with the time.",
            f"Call district Security now: {security.dial_text}.",
            f"Keep the legal office on the line or call back: {legal.dial_text}.",
            "Collect copies or phone photos of every document shown, for this case.",
        ),
    )


def hold_guidance() -> Guidance:
    """The ordinary path: gather facts while the officer waits; counsel decides."""
    return Guidance(
        title="No emergency claimed: gather the facts while the officer waits",
        steps=(
            "The officer waits outside, or in the front office if cooperative.",
            "Ask for the agent's name and badge number, the supervisor's phone "
            "number and the purpose of the visit.",
            "Ask whether there is a warrant or other document, and for a copy.",
            "Do not consent to entry of non-public areas or release records until counsel advises.",
        ),
    )
