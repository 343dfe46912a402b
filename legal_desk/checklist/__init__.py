"""The post-call checklist: a template seeded from the district procedure, per-case items."""
