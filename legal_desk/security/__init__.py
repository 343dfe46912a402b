"""The last step of the procedure: briefing district Security and recording the call (issue 6)."""
