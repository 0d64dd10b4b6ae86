"""One spaCy pass per article feeding every extractor, with results cached per article body and extractor version.

The model is the whole cost of the pipeline, so an article is parsed only when some extractor has no result for
its current body at its current version; all else is carried over from the previous run's tables.
"""
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from spacy.language import Language
from spacy.tokens import Doc

from pipelines.text import entities, numbers, quotes

# Articles per memory zone: spaCy frees the strings a zone created when it closes, so memory stays flat on long runs.
ZONE_SIZE = 200
BATCH_SIZE = 32


@dataclass(frozen=True)
class Extractor:
    table: str  # the raw table its rows go to
    version: str
    extract: Callable[[Doc], list[dict]]
    schema: dict[str, pl.DataType]  # of its rows, without article_id


EXTRACTORS = (
    Extractor("quotes", quotes.VERSION, quotes.extract_quotes, quotes.SCHEMA),
    Extractor("entity_mentions", entities.VERSION, entities.extract_mentions, entities.SCHEMA),
    Extractor("numeric_claims", numbers.VERSION, numbers.extract_claims, numbers.SCHEMA),
)
INDEX_SCHEMA = {"article_id": pl.String, "body_hash": pl.String, "extractor": pl.String, "version": pl.String}


@dataclass(frozen=True)
class Extracted:
    tables: dict[str, pl.DataFrame]  # extractor table -> rows for every current article
    index: pl.DataFrame  # which (article, body, extractor, version) the tables now hold
    parsed: int  # articles that went through spaCy this time


def _hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def cache_keys(articles: pl.DataFrame, model: str) -> pl.DataFrame:
    """What the tables must hold for `articles` (article_id, body): one key per article and extractor. The
    version includes the model: another model gives other results."""
    extractors = pl.DataFrame({"extractor": [e.table for e in EXTRACTORS],
                               "version": [f"{e.version}+{model}" for e in EXTRACTORS]})
    hashed = articles.select("article_id", body_hash=pl.col("body").map_elements(_hash, return_dtype=pl.String))
    return hashed.join(extractors, how="cross").select(INDEX_SCHEMA.keys())


def parse_and_extract(nlp: Language, work: list[tuple[str, str, set[str]]]) -> dict[str, list[dict]]:
    """Parse each (article_id, body, extractor tables wanted) once; collect every wanted extractor's rows."""
    rows: dict[str, list[dict]] = {e.table: [] for e in EXTRACTORS}
    for start in range(0, len(work), ZONE_SIZE):
        chunk = work[start:start + ZONE_SIZE]
        with nlp.memory_zone():
            for (article_id, _, wanted), doc in zip(chunk, nlp.pipe((body for _, body, _ in chunk), batch_size=BATCH_SIZE)):
                for extractor in EXTRACTORS:
                    if extractor.table in wanted:
                        rows[extractor.table].extend({"article_id": article_id, **row} for row in extractor.extract(doc))
    return rows


def extract(load_nlp: Callable[[], Language], model: str, articles: pl.DataFrame,
            cached: dict[str, pl.DataFrame | None], index: pl.DataFrame | None) -> Extracted:
    """Every extractor's rows for the current `articles`: valid cached rows plus new rows for what changed.
    The model is loaded only when there is something to parse."""
    keys = cache_keys(articles, model)
    schemas = {e.table: {"article_id": pl.String, **e.schema} for e in EXTRACTORS}
    # a cached table without today's columns is as good as none
    usable = {t: old for t, old in cached.items() if old is not None and set(schemas[t]) <= set(old.columns)}
    valid = index.filter(pl.col("extractor").is_in(list(usable))) if index is not None else None
    stale = keys if valid is None else keys.join(valid, on=list(INDEX_SCHEMA), how="anti")
    wanted = stale.group_by("article_id").agg(extractors=pl.col("extractor"))
    work = articles.join(wanted, on="article_id").sort("article_id")
    new_rows = (parse_and_extract(load_nlp(), [(a, b, set(e)) for a, b, e in work.select("article_id", "body", "extractors").iter_rows()])
                if work.height else {e.table: [] for e in EXTRACTORS})
    tables = {}
    for extractor in EXTRACTORS:
        schema = schemas[extractor.table]
        redone = stale.filter(pl.col("extractor") == extractor.table)["article_id"].implode()
        old = usable.get(extractor.table, pl.DataFrame(schema=schema))
        kept = old.filter(pl.col("article_id").is_in(articles["article_id"].implode()) & ~pl.col("article_id").is_in(redone))
        kept = kept.select(schema.keys()).cast(schema)
        fresh = pl.DataFrame(new_rows[extractor.table], schema=schema)
        tables[extractor.table] = pl.concat([kept, fresh]).sort("article_id", "char_start", "char_end")
    return Extracted(tables=tables, index=keys, parsed=work.height)
