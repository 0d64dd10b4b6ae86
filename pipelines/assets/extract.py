"""Extract: one spaCy pass over every new or changed article body feeds the quote, entity and number extractors."""
import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines import storage
from pipelines.assets.metadata import table_metadata
from pipelines.resources import SpacyPipeline
from pipelines.text.extract import EXTRACTORS, extract

_ASSETS = {"quotes": "extracted_quotes", "entity_mentions": "extracted_mentions", "numeric_claims": "extracted_claims"}
_DESCRIPTIONS = {
    "quotes": "Direct quotations with their resolved speakers and cues. Writes `raw.quotes`.",
    "entity_mentions": "Named-entity mentions, cleaned of titles, possessives and shouted leads. Writes `raw.entity_mentions`.",
    "numeric_claims": "Quantities the text asserts, with unit, normalised value, qualifier and subject. Writes `raw.numeric_claims`.",
}


@dg.multi_asset(
    name="extract_with_spacy",
    group_name="extract",
    pool="duckdb",
    specs=[dg.AssetSpec(_ASSETS[e.table], deps=["cleaned_articles"], kinds={"spacy", "duckdb"},
                        description=_DESCRIPTIONS[e.table]) for e in EXTRACTORS],
)
def extract_with_spacy(context: dg.AssetExecutionContext, duckdb: DuckDBResource, nlp: SpacyPipeline):
    with duckdb.get_connection() as conn:
        articles = conn.sql("select article_id, body from raw.articles order by article_id").pl()
        cached = {e.table: storage.read_table(conn, e.table) for e in EXTRACTORS}
        index = storage.read_table(conn, "nlp_cache_index")
        result = extract(nlp.load, nlp.model, articles, cached, index)
        storage.replace_tables(conn, {**result.tables, "nlp_cache_index": result.index})
    context.log.info(f"spaCy parsed {result.parsed} of {articles.height} articles in {result.processes} "
                     f"process(es); the rest came from the cache")
    for table, frame in result.tables.items():
        yield dg.MaterializeResult(asset_key=_ASSETS[table], metadata=table_metadata(
            frame.drop("sentence", strict=False),
            articles_parsed=result.parsed,
            articles_from_cache=articles.height - result.parsed,
            nlp_processes=result.processes,
        ))
