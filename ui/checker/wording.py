"""The checker's vocabulary in plain words for the attorney (see shared/domain/FACTS.md).

The core speaks in `DocumentKind` values and check ids; this is how the panel says
them. The explanations are what each kind means for the school, in a sentence or two.
"""

from __future__ import annotations

from models import DocumentKind

KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.JUDICIAL_WARRANT: "Judicial warrant",
    DocumentKind.ADMINISTRATIVE_WARRANT: "Administrative warrant",
    DocumentKind.ADMINISTRATIVE_SUBPOENA: "Administrative (immigration) subpoena",
    DocumentKind.COURT_ORDER: "Court order or court subpoena",
    DocumentKind.DETAINER: "Immigration detainer",
    DocumentKind.UNKNOWN: "Not recognised: no authority shown",
}

KIND_MEANINGS: dict[DocumentKind, str] = {
    DocumentKind.JUDICIAL_WARRANT: (
        "Issued by a federal court and signed by a judge: within its terms it must be "
        "followed. Check the court, the judge's signature, the person or places it names "
        "and its dates, and call counsel before anyone acts on it."
    ),
    DocumentKind.ADMINISTRATIVE_WARRANT: (
        "Signed by an immigration officer, not a judge. It allows a civil arrest of the "
        "person named, but does not by itself authorise entry to the school's non-public "
        "areas without consent: staff should not consent, and the matter goes to counsel."
    ),
    DocumentKind.ADMINISTRATIVE_SUBPOENA: (
        "Issued by the agency, not a court, and it does not enforce itself: only a court "
        "order can make the school comply. Release no records without counsel."
    ),
    DocumentKind.COURT_ORDER: (
        "Comes through a court and requires records on its own terms. Check who signed it "
        "(a judge, or a clerk or attorney) and, before any release, the parent notice and "
        "the disclosure log that FERPA asks for."
    ),
    DocumentKind.DETAINER: (
        "A request to a jail or detention facility to hold a person or to give notice. It "
        "is not addressed to the school and asks nothing of it."
    ),
    DocumentKind.UNKNOWN: (
        "The checker did not recognise a warrant, subpoena or order it can vouch for. "
        "Treat the paper as authorising nothing at the school until counsel has read it."
    ),
}

CHECK_LABELS: dict[str, str] = {
    "form": "Form",
    "other_forms": "Another document",
    "fax_cover": "Fax cover",
    "order_language": "Order language",
    "court_caption": "Court",
    "signature": "Signed by",
    "execution_deadline": "Execute by",
    "fourteen_day_limit": "14-day limit",
    "daytime_execution": "Daytime only",
    "person_or_premises": "Person or place",
    "not_self_enforcing": "Not self-enforcing",
    "ferpa": "FERPA",
    "court_subpoena": "Court subpoena",
    "not_addressed_to_school": "Addressed to",
    "informational": "For information",
    "trap_i205_judge_checkbox": "Judge's name in a checkbox",
    "trap_probable_cause": "“Probable cause”",
    "not_judicial": "Not judicial",
    "judicial_requirements_missing": "Missing for a court document",
    "checker_error": "Checker error",
}

# The findings that answer "who signed, which court, until when", shown as key facts.
KEY_FACTS = ("signature", "court_caption", "execution_deadline")


def kind_label(kind: DocumentKind, form: str = "") -> str:
    """'Administrative warrant (I-200)'; an unrecognised paper says which form it resembles."""
    label = KIND_LABELS[DocumentKind(kind)]
    if not form:
        return label
    if kind is DocumentKind.UNKNOWN:
        return f"{label} (looks like form {form})"
    return f"{label} ({form})"


def check_label(check: str) -> str:
    return CHECK_LABELS.get(check) or check.replace("_", " ").capitalize()


def percent(confidence: float) -> str:
    return f"{round(max(0.0, min(confidence, 1.0)) * 100)}%"
