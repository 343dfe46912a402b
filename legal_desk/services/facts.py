"""What the district procedure asks the school to find out, and what is still missing.

The procedure (shared/seed/district-ice-procedure.txt, step 2) asks for the agent's
name and badge number, the supervisor's phone, the purpose of the visit, whether
there is a warrant and a copy of it, and any other documents. Intake never blocks
saving on these: the case shows what is still needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import Case, Presented


@dataclass(frozen=True)
class MissingFact:
    key: str
    label: str


_DIGITS = re.compile(r"\d")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)


def normalize_phone(raw: str) -> str:
    """Format North American numbers as (303) 326-1800 ext. 28301.

    Anything that is not a 10-digit number (with an optional leading 1 and an
    optional extension) is kept as typed, trimmed: an odd number is better than a
    lost one.
    """
    text = " ".join(raw.split())
    if not text:
        return ""
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension = match.group(1)
        text = text[: match.start()]
    digits = "".join(_DIGITS.findall(text))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or re.search(r"[A-Za-z]", text):
        return " ".join(raw.split())
    formatted = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return f"{formatted} ext. {extension}" if extension else formatted


def missing_facts(case: Case) -> list[MissingFact]:
    """The procedure's facts this case does not hold yet, in the procedure's order."""
    missing: list[MissingFact] = []
    if not case.school_id and case.school is None:
        missing.append(MissingFact("school", "School"))
    if not any(s.is_caller for s in case.staff):
        missing.append(MissingFact("caller", "Who called (name and role)"))
    if not case.agents or not any(a.name.strip() for a in case.agents):
        missing.append(MissingFact("agent_name", "Agent's name"))
    if not case.agents or not any(a.badge_number.strip() for a in case.agents):
        missing.append(MissingFact("badge_number", "Agent's badge number"))
    if not case.agents or not any(a.supervisor_phone.strip() for a in case.agents):
        missing.append(MissingFact("supervisor_phone", "Supervisor's phone number"))
    if not case.stated_purpose.strip():
        missing.append(MissingFact("purpose", "Purpose of the visit"))
    if case.document_presented == Presented.UNKNOWN:
        missing.append(
            MissingFact("warrant_asked", "Whether a warrant or other document was shown")
        )
    elif case.document_presented == Presented.YES and not case.documents:
        missing.append(MissingFact("warrant_copy", "A copy or photo of the warrant or document"))
    return missing
