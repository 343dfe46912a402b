"""The case's post-call checklist and the editor of its template (issue 6)."""
