"""Thin Dagster assets, one module per stage: ingest -> clean -> extract -> crossref -> warehouse (dbt)."""
