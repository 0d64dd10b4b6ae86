"""What only the corpus as a whole can tell about its articles, as plain functions over polars frames (no
Dagster): copies and rewrites (duplicates), articles about one event (stories), one utterance as each article
worded it (quote_variants) and one quantity as each article gave it (claims)."""
