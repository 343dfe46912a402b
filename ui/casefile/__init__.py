"""Exporting a case's case file (issue 6): the save dialog, progress and Cancel."""
