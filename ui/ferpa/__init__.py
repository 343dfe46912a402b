"""The FERPA disclosure log of a case (34 CFR 99.32): entries, reminders, student report."""
