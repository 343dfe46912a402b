"""Reference data every new workspace starts with: contacts, dated policy notes, settings.

Contact numbers come from the district procedure (shared/seed) and are settings,
not constants: the office edits them in the app.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from models import Contact, PolicyNote, Setting

DEFAULT_CONTACTS = (
    Contact(key="legal_office", label="Legal office", phone="(303) 326-1800", extension="28301"),
    Contact(key="security", label="District Security", phone="(303) 365-7816"),
)

IDLE_TIMEOUT_KEY = "lock.idle_minutes"
DEFAULT_IDLE_MINUTES = 10

# Written in our own words from shared/domain/FACTS.md; each note carries its date
# because policy has changed and may change again. Attorneys edit these in the app.
DEFAULT_POLICY_NOTES = (
    (
        "2011 ICE sensitive-locations policy",
        date(2011, 10, 24),
        "ICE policy 10029.2 treated schools as sensitive locations: enforcement there "
        "needed prior approval unless exigent circumstances existed. Superseded in 2021.",
        "ICE policy 10029.2",
    ),
    (
        "2021 DHS protected-areas guidelines",
        date(2021, 10, 27),
        "DHS replaced the 2011 policy with protected-areas guidelines; schools stayed "
        "protected. Rescinded on 2025-01-20.",
        "DHS memorandum of 2021-10-27",
    ),
    (
        "2025 rescission: no bright-line bar at schools",
        date(2025, 1, 20),
        "The 2021 guidelines were rescinded. Officers now use discretion and there is no "
        "categorical bar on enforcement at schools. Litigation followed: check its current "
        "status before advising. Do not tell a school that it is off-limits to enforcement.",
        "DHS statement of 2025-01-20",
    ),
    (
        "Plyler v. Doe (1982)",
        date(1982, 6, 15),
        "Every child has a right to a free public K-12 education whatever their immigration "
        "status. The district does not ask about or record anyone's immigration status.",
        "Plyler v. Doe, 457 U.S. 202 (1982)",
    ),
)


def seed(session: Session) -> None:
    for contact in DEFAULT_CONTACTS:
        session.add(
            Contact(
                key=contact.key,
                label=contact.label,
                phone=contact.phone,
                extension=contact.extension,
                email=contact.email,
            )
        )
    for title, effective, body, source in DEFAULT_POLICY_NOTES:
        session.add(PolicyNote(title=title, body=body, effective_date=effective, source=source))
    session.add(Setting(key=IDLE_TIMEOUT_KEY, value=json.dumps(DEFAULT_IDLE_MINUTES)))
