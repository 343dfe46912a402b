"""Intake: the "New case" dialog and the facts form it shares with the case view."""
