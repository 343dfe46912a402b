"""Annotating a document: tools on the pages, a list by page, undo, and an annotated copy."""
