"""The document checker beside the viewer: what kind of paper this is, and the decision."""
