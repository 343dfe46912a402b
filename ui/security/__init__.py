"""Briefing district Security and recording the call (issue 6)."""
