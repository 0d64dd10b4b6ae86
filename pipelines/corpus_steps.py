"""The corpus-wide steps as their child process runs them (apart.py): read the `raw` inputs from the warehouse,
call the pure function, write the `raw` tables. Inputs and outputs never pass through Dagster's process, which so
holds none of the corpus and pickles nothing (at 10,000 articles the entity mentions alone are about 250 MB, and
were held there, and copied while pickled, all through entity joining); its assets read the row counts and
previews they show back from the written tables. The warehouse is closed while the function runs, so readers
(the UI, SQL) can open it; writers wait for the `duckdb` pool anyway.

Each step imports its pure function's module when it runs, for the child imports this module for one step: the
cross-reference child, which imports neither entity joining nor cleaning, starts in 0.23 s of CPU time, not 0.27 s."""
import time
from pathlib import Path

from pipelines import storage

# How entity joining, beside it, tells the cross-reference how far it is (cross_reference_articles): files in a
# folder both know. UPDATING appears once joining is known to be an update, JOINED once it is over, holding
# SUCCEEDED or not.
UPDATING, JOINED, SUCCEEDED = "updating", "joined", "done"
WAIT_SECONDS = 0.01

CLEANED_TABLES = {"articles": "articles", "removed": "removed_segments", "rejected": "cleaning_rejections",
                  "marks": "cleaning_marks", "parts": "cleaning_parts"}  # Cleaned's fields, in order, and their `raw` tables
RESOLUTION_TABLES = {"assignments": "entity_assignments", "entities": "entities", "aliases": "entity_aliases",
                     "spellings": "entity_spellings", "state": "entity_resolution"}  # Resolution's, likewise


def clean_articles(database: str) -> dict[str, int]:
    """Returns how many articles were cleaned and how many carried over from the previous run."""
    from pipelines.text.articles import Cleaned, clean
    with storage.connect(database) as conn:
        files = conn.sql(
            # the same text under several paths is one article, named by its first path
            "select article_id, min(source_path) as source_path, arg_min(text, source_path) as text from raw.files "
            "where status = 'article' group by article_id order by article_id"
        ).pl()
        earlier = [storage.read_table(conn, name) for name in CLEANED_TABLES.values()]
    result = clean(files, None if any(table is None for table in earlier) else Cleaned(*earlier))
    _write(database, {table: getattr(result, field) for field, table in CLEANED_TABLES.items()})
    return {"articles_cleaned": files.height - result.carried_over, "articles_carried_over": result.carried_over}


def join_entities(database: str, full: bool, share: float, second_core_free: str | None = None,
                  telling: str | None = None) -> dict:
    """The earlier resolution updated with new articles' mentions, or (when due by `share`, or `full`) a full
    one (entity_updates.join_entities); returns the resolution's state. second_core_free: a file that exists
    once the other core has nothing to do (the copy check is over); telling: the folder where UPDATING is made
    once the resolution is known to be an update (cross_reference_articles waits for it)."""
    from pipelines.text.entity_updates import Resolution, join_entities as resolve
    with storage.connect(database) as conn:
        mentions = conn.sql("select * from raw.entity_mentions").pl()
        earlier = [storage.read_table(conn, name) for name in RESOLUTION_TABLES.values()]
    result = resolve(mentions, None if any(table is None for table in earlier) else Resolution(*earlier), full,
                     share, lambda: second_core_free is not None and Path(second_core_free).exists(),
                     (lambda: (Path(telling) / UPDATING).touch()) if telling else lambda: None)
    _write(database, {table: getattr(result, field) for field, table in RESOLUTION_TABLES.items()})
    return result.state.row(0, named=True)


def find_article_copies(database: str) -> None:
    from pipelines.crossref.cross_reference import find_copies
    with storage.connect(database) as conn:
        articles = conn.sql("select article_id, body from raw.articles").pl()
        earlier_checks = storage.read_table(conn, "duplicate_checks")
    _write(database, find_copies(articles, earlier_checks))


def cross_reference_articles(database: str, joining: str | None = None) -> None:
    """joining: while entities are joined beside this step, the folder where joining tells how far it is
    (UPDATING, JOINED). What needs no entities is then prepared once joining is known to be an update (a full
    resolution needs the memory), and the rest done once it is over (3,000 articles, one new: this step's work
    after joining went from 1.5 to 0.9 s)."""
    from pipelines.crossref.cross_reference import cross_reference, prepare
    if joining is not None:
        _wait_for(Path(joining), UPDATING, JOINED)
    with storage.connect(database) as conn:
        prepared = prepare(conn.sql("select article_id, title, body, published_date from raw.articles").pl(),
                           conn.sql("select * from raw.quotes").pl(), conn.sql("select * from raw.numeric_claims").pl())
    if joining is not None and _wait_for(Path(joining), JOINED).read_text() != SUCCEEDED:
        raise RuntimeError("entity joining failed, so the cross-reference that needs its entities did not run")
    with storage.connect(database) as conn:
        mentions = conn.sql("select article_id, entity_id, char_start, char_end from raw.entity_assignments").pl()
    _write(database, cross_reference(prepared, mentions))


def say_joined(folder: Path, succeeded: bool) -> None:
    """JOINED, written whole: the waiting process reads it as soon as it appears."""
    (folder / f"{JOINED}.part").write_text(SUCCEEDED if succeeded else "failed")
    (folder / f"{JOINED}.part").replace(folder / JOINED)


def _wait_for(folder: Path, *names: str) -> Path:
    """The first of the named files in folder to exist, waited for."""
    while True:
        for name in names:
            if (folder / name).exists():
                return folder / name
        time.sleep(WAIT_SECONDS)


def _write(database: str, tables: dict) -> None:
    """The step's `raw` tables, written in one transaction on a connection of their own (the warehouse stays
    closed while the step computes)."""
    with storage.connect(database) as conn:
        storage.replace_tables(conn, tables)
