"""Plain text processing, no Dagster: decode -> head -> boilerplate -> (spaCy) quotes, entities, numbers."""
