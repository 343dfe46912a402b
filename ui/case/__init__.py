"""The case workspace: one tab per open case, each with facts, documents and timeline."""
