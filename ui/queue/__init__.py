"""The case queue: a lazy table model over the core queue queries and its panel."""
