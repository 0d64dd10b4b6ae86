"""Cross-reference: which spellings name one entity and which articles are copies of one another; then, with the
joined entities, stories, one quote as each article worded it and one quantity as each gave it.

Three corpus-wide steps, each in a child process of its own (corpus_steps), started together: entity joining;
the cross-reference of stories, quotes and claims, which needs the joined entities and waits for them, having
prepared what needs none while an update of the entities runs; and the copy check, which needs only the cleaned
articles (as two assets, the copy check ran beside joining alone, and the cross-reference after both with a core
idle). Once the copy check is over, a full resolution weighs its fuzzy candidates on both cores: in a re-run,
where the copy check carries its earlier checks over and ends within a second, that took joining from 12.7 to
9.2 s at 3,000 articles.
Entity joining is incremental between full resolutions (text/entity_updates.py): a run that adds a few articles
places their mentions among the earlier entities (3,000 articles: 1.7-2.1 s in its process instead of 10.7 s);
the config `full_resolution` (`make run FULL=1`) asks for a full one.
Each child reads the warehouse and writes its tables to it, each for a second or two; the one that finds the
file taken waits (storage.connect). One multi-asset, since the in-process executor runs one op at a time; any
subset of its assets can be materialised, and runs only the steps that write them."""
import tempfile
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipelines import corpus_steps
from pipelines.apart import call_apart
from pipelines.assets.metadata import relation_metadata
from pipelines.text.entity_updates import INCREMENTAL_SHARE

# Above this many mentions the steps run one after the other: entity joining's child takes about 3 KB per mention
# (584 MB at 138,000 mentions from 3,000 articles, 1.4 GB at 463,000 from 10,000) and the copy check's 280-650 MB,
# which together with Dagster's process would pass 2 GB. The same bound keeps joining's fork for its second core
# (split.py: 471 MB resident, much of it shared, at 3,000 articles) beside Dagster's process under 2 GB.
SIDE_BY_SIDE_MAX_MENTIONS = 250_000

JOINING = ("joined_mentions", "joined_entities", "alias_decisions")
COPIES = ("copied_articles",)
CROSS_REFERENCE = ("story_groups", "quote_variant_groups", "claim_groups")
SECOND_CORE_FREE = "second_core_free"  # in the scratch folder: made once the copy check is over


class CrossReferenceConfig(dg.Config):
    full_resolution: bool = Field(
        default=False, description="Join entities over the whole corpus anew instead of placing the new articles' "
        "mentions among the earlier entities (a full resolution also runs by itself when articles were removed or "
        "changed, or more were added since the last one than incremental_share of the corpus).")
    incremental_share: float = Field(
        default=INCREMENTAL_SHARE, ge=0, description="How many articles, as a share of those the last full "
        "resolution joined, may be placed incrementally before entities are joined over the whole corpus again.")


@dg.multi_asset(
    name="cross_reference",
    group_name="crossref",
    pool="duckdb",
    can_subset=True,
    specs=[
        dg.AssetSpec("joined_mentions", deps=["extracted_mentions"], kinds={"python", "duckdb"},
                     description="Every mention with the corpus-wide entity it names. Writes `raw.entity_assignments`."),
        dg.AssetSpec("joined_entities", deps=["extracted_mentions"], kinds={"python", "duckdb"},
                     description="One row per entity: canonical name (the most frequent full spelling), type voted by "
                     "all its mentions, every spelling. Writes `raw.entities`."),
        dg.AssetSpec("alias_decisions", deps=["extracted_mentions"], kinds={"python", "duckdb"},
                     description="Why each spelling joined its entity: string similarity plus evidence (type, first "
                     "names, roles, shared sentences), with method and score. Writes `raw.entity_aliases`."),
        dg.AssetSpec("copied_articles", deps=["cleaned_articles"], kinds={"polars", "duckdb"},
                     description="Pairs of articles that are one text: exact, near or derived (a rewrite keeping "
                     "much of the other's wording), from shingle candidates checked sentence by sentence. "
                     "Writes `raw.article_duplicates`."),
        dg.AssetSpec("story_groups", deps=["cleaned_articles", "joined_mentions"], kinds={"polars", "duckdb"},
                     description="Every article with the story (event) it reports: TF-IDF of words and entities, "
                     "average linkage within a date window. Writes `raw.story_members`."),
        dg.AssetSpec("quote_variant_groups", deps=["extracted_quotes", "joined_mentions", "cleaned_articles"],
                     kinds={"python", "duckdb"},
                     description="Quotes of one utterance across articles: the same speaker (or story, when "
                     "unattributed) and similar words. Writes `raw.quote_variant_members`."),
        dg.AssetSpec("claim_groups", deps=["extracted_claims", "joined_mentions", "cleaned_articles"],
                     kinds={"python", "duckdb"},
                     description="Numeric claims about one quantity within a story and unit, side by side. "
                     "Writes `raw.claim_comparison_members`."),
    ],
)
def cross_reference(context: dg.AssetExecutionContext, config: CrossReferenceConfig, duckdb: DuckDBResource):
    selected = {key.to_user_string() for key in context.selected_asset_keys}
    with tempfile.TemporaryDirectory() as scratch:
        wanted = [part for part in _parts(duckdb.database, config, Path(scratch)) if selected & set(part[0])]
        steps = {assets: step for assets, step, _ in wanted}
        with duckdb.get_connection() as conn:
            (mentions,), = conn.sql("select count(*) from raw.entity_mentions").fetchall()
        if mentions <= SIDE_BY_SIDE_MAX_MENTIONS:
            returned = _side_by_side(steps, Path(scratch))
        else:
            context.log.info(f"{mentions:,} mentions: entity joining, the cross-reference and the copy check run "
                             "one after the other, to keep memory under 2 GB")
            returned = {function: call_apart(function, *args) for function, *args in steps.values()}
    with duckdb.get_connection() as conn:
        for (_, step, results) in wanted:
            yield from (result for result in results(conn, returned.get(step[0]))
                        if result.asset_key.to_user_string() in selected)


def _parts(database: str, config: CrossReferenceConfig, scratch: Path):
    """(the assets, the corpus step that writes them as (function, arguments), their materialisations), in the
    order they run one after the other."""
    return ((JOINING, (corpus_steps.join_entities, database, config.full_resolution, config.incremental_share,
                       str(scratch / SECOND_CORE_FREE)),
             _joining_results),
            (CROSS_REFERENCE, (corpus_steps.cross_reference_articles, database), _cross_reference_results),
            (COPIES, (corpus_steps.find_article_copies, database), _copies_results))


def _side_by_side(steps: dict[tuple, tuple], scratch: Path) -> dict:
    """The steps at once, each called apart from a thread of its own; what each returned, by function. The
    cross-reference waits in its process for entity joining (corpus_steps.cross_reference_articles, told through
    files in scratch); once the copy check is over (at once in a re-run, where its checks are carried over), a
    full resolution weighs its fuzzy candidates on both cores."""
    joining, cross_reference, copies = (steps.get(assets) for assets in (JOINING, CROSS_REFERENCE, COPIES))
    told = scratch if joining and cross_reference else None
    with ThreadPoolExecutor(3) as threads:
        running = {}
        if joining:  # first, to take the process apart.py has made ready: the others wait for it or have time
            running[joining[0]] = threads.submit(_join_and_tell, joining, told)
        if copies:
            running[copies[0]] = threads.submit(call_apart, *copies)
        if cross_reference:
            running[cross_reference[0]] = threads.submit(
                call_apart, *cross_reference, *([str(told)] if told else []))
        if copies:
            wait([running[copies[0]]])
        (scratch / SECOND_CORE_FREE).touch()
    if joining:
        running[joining[0]].result()  # its error first: the cross-reference's would only say that joining failed
    return {function: future.result() for function, future in running.items()}


def _join_and_tell(joining: tuple, told: Path | None) -> dict:
    """Entity joining called apart; the cross-reference waiting for it is told how it ended."""
    function, *args = joining
    succeeded = False
    try:
        state = call_apart(function, *args, *([str(told)] if told else []))
        succeeded = True
        return state
    finally:
        if told:
            corpus_steps.say_joined(told, succeeded)


def _joining_results(conn, state: dict | None) -> list[dg.MaterializeResult]:
    joined = conn.sql("select alias, matched_alias, method, score from raw.entity_aliases where method != 'exact'")
    resolution = {} if state is None else {
        "resolution": "incremental" if state["added_articles"] else "full",
        "articles_added_since_full_resolution": state["added_articles"]}
    return [
        dg.MaterializeResult(asset_key="joined_mentions", metadata=relation_metadata(
            conn.sql("select article_id, mention_text, label, entity_id from raw.entity_assignments"),
            **resolution)),
        dg.MaterializeResult(asset_key="joined_entities", metadata=relation_metadata(
            conn.sql("select canonical_name, entity_type, aliases, mention_count from raw.entities "
                     "order by mention_count desc, canonical_name"))),
        dg.MaterializeResult(asset_key="alias_decisions", metadata=relation_metadata(
            joined.order("score, alias"),
            joins_by_method=dg.MetadataValue.json(dict(joined.aggregate("method, count(*)").order("method").fetchall())),
        )),
    ]


def _copies_results(conn, _) -> list[dg.MaterializeResult]:
    duplicates = conn.sql("select * from raw.article_duplicates")
    return [dg.MaterializeResult(asset_key="copied_articles", metadata=relation_metadata(
        duplicates.order("similarity desc, article_id, other_article_id"),
        by_kind=dg.MetadataValue.json(dict(duplicates.aggregate("kind, count(*)").order("kind").fetchall())),
    ))]


def _cross_reference_results(conn, _) -> list[dg.MaterializeResult]:
    (stories, several), = conn.sql(
        "select count(*), count(*) filter (where size > 1) from "
        "(select count(*) as size from raw.story_members group by story_id)").fetchall()
    results = [dg.MaterializeResult(asset_key="story_groups", metadata=relation_metadata(
        conn.sql("select * exclude (size) from (select *, count(*) over (partition by story_id) as size "
                 "from raw.story_members) order by size desc, story_id desc, article_id"),
        stories=stories, stories_of_several_articles=several,
    ))]
    for asset_key, table in (("quote_variant_groups", "quote_variant_members"),
                             ("claim_groups", "claim_comparison_members")):
        (groups,), = conn.sql(f"select count(distinct (representative_article_id, representative_char_start)) "
                              f"from raw.{table}").fetchall()
        results.append(dg.MaterializeResult(asset_key=asset_key, metadata=relation_metadata(
            conn.sql(f"select * from raw.{table}"), groups=groups)))
    return results
