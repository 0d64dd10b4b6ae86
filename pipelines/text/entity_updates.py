"""Entity joining between full resolutions: the mentions of articles added since the last run placed among the
entities it made, without weighing the whole corpus again (aliases.resolve_entities over 3,000 articles takes
about 11 s on one core).

What stays: every earlier entity with its canonical name, type, spellings and the joins that made it. What is
decided: a new mention of a known spelling goes to that spelling's entity; a new spelling is weighed by the rules
of a full resolution, with its corpus-wide weights (the idf of context words over all spellings and of names over
all articles), against the known spellings it could be a variant of (the same folded spelling or exonym, a
similar transliteration in one block, the full names a bare surname ends) and joins the entity of the one it
matches, or starts an entity of its own with the new spellings it matches. Two earlier entities are never merged
and earlier joins are not weighed again, so between full resolutions the tables depend on the order articles
arrived in. A full resolution runs instead when an earlier article's mentions are gone or changed (a file
removed or edited, extraction redone), when the articles added since the last one exceed INCREMENTAL_SHARE of
the articles it resolved, when the joining code changes, and when the caller asks for it.
"""
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from pipelines.text import aliases, code_version, names
from pipelines.text.aliases import (MENTION_ORDER, PREFIX, SIMILARITY_CUTOFF, SUFFIX, _alias_rows, _ArticleNames,
                                    _assignments, _canonical, _Contexts, endonym_key, _entity_type, _Groups,
                                    _hash, _Join, _joins, _keyed, _nodes, _people, resolve_with_spellings)
from pipelines.text.names import spelling_key, translit_key

# Between two full resolutions at most this share of the articles then resolved is placed incrementally: at
# 3,000 articles, 60 added one by one or together.
INCREMENTAL_SHARE = 0.02
# The joining code, hashed: a change to it resolves the corpus anew.
RESOLUTION_VERSION = code_version(aliases.__file__, names.__file__, Path(aliases.__file__).with_name("exonyms.csv"),
                                  __file__)
STATE_SCHEMA = {"version": pl.String, "resolved_articles": pl.Int64, "added_articles": pl.Int64}
# what makes a mention the same one in two runs
IDENTITY = ["article_id", "char_start", "char_end", "mention_text", "label"]


@dataclass(frozen=True)
class Resolution:
    """The joining's `raw` tables: assignments, entities and aliases (resolve_entities), the spellings with their
    keys (aliases.SPELLING_SCHEMA), and the state: the code version, how many articles the last full resolution
    covered and how many were placed since."""
    assignments: pl.DataFrame
    entities: pl.DataFrame
    aliases: pl.DataFrame
    spellings: pl.DataFrame
    state: pl.DataFrame


def join_entities(mentions: pl.DataFrame, earlier: Resolution | None, full: bool = False,
                  share: float = INCREMENTAL_SHARE, second_core_free: Callable[[], bool] = lambda: False,
                  updating: Callable[[], None] = lambda: None) -> Resolution:
    """The earlier resolution updated with the new articles' mentions where it may be (see the module), else a
    full resolution of all mentions. updating is called once an update is known to do (update_entities)."""
    updated = None if full or earlier is None else update_entities(mentions, earlier, share, updating)
    if updated is not None:
        return updated
    state = pl.DataFrame({"version": [RESOLUTION_VERSION], "resolved_articles": [mentions["article_id"].n_unique()],
                          "added_articles": [0]}, schema=STATE_SCHEMA)
    return Resolution(*resolve_with_spellings(mentions, second_core_free), state)


def update_entities(mentions: pl.DataFrame, earlier: Resolution, share: float,
                    updating: Callable[[], None] = lambda: None) -> Resolution | None:
    """None where a full resolution is due. updating is called as soon as it is known not to be, before the new
    mentions are placed (the cross-reference, which waits for the joined entities, starts its own work then; a
    full resolution needs the memory it would take)."""
    state = earlier.state
    if state.height != 1 or state["version"][0] != RESOLUTION_VERSION:
        return None
    is_new = ~pl.col("article_id").is_in(earlier.assignments["article_id"].unique().implode())
    kept = mentions.filter(~is_new).select(IDENTITY).sort(IDENTITY)
    if not kept.equals(earlier.assignments.select(IDENTITY).sort(IDENTITY)):
        return None  # an earlier article's mentions are gone or changed
    added = mentions.filter(is_new)["article_id"].n_unique()
    since = int(state["added_articles"][0]) + added
    if since > share * int(state["resolved_articles"][0]):
        return None
    updating()
    if not added:
        return earlier
    keyed = _keyed(mentions, dict(earlier.spellings.select("spelling", "key").iter_rows()))
    spellings = _spellings(keyed, earlier.spellings)
    entity_of = dict(keyed.filter(~is_new).select("key", "article_id", "char_start", "char_end").join(
        earlier.assignments.select("article_id", "char_start", "char_end", "entity_id"),
        on=["article_id", "char_start", "char_end"]).select("key", "entity_id").unique().iter_rows())
    fresh = keyed.filter(is_new)
    placed = _place(keyed, fresh, entity_of, spellings, earlier)
    assignments = pl.concat([earlier.assignments, _assignments(
        fresh, fresh.select(pl.arg_sort_by(MENTION_ORDER)).to_series(), entity_of | placed.entity_of)]
    ).sort(MENTION_ORDER)
    alias_rows = pl.concat([earlier.aliases, placed.aliases])
    return Resolution(assignments, _entities(earlier.entities, placed.entities, assignments, alias_rows), alias_rows,
                      spellings, state.with_columns(added_articles=pl.lit(since, pl.Int64)))


def _spellings(keyed: pl.DataFrame, earlier: pl.DataFrame) -> pl.DataFrame:
    """The earlier spellings table with the new spellings added, their keys worked out."""
    new = keyed.select("spelling", "key").unique().join(earlier, on="spelling", how="anti")
    return pl.concat([earlier, new.with_columns(
        fold=pl.col("key").map_elements(spelling_key, return_dtype=pl.String),
        translit=pl.col("key").map_elements(translit_key, return_dtype=pl.String))]).sort("spelling")


@dataclass(frozen=True)
class _Placed:
    entity_of: dict[str, str]  # new spelling key -> entity
    entities: pl.DataFrame  # the new entities (counts filled in later)
    aliases: pl.DataFrame  # the alias rows the earlier tables lack


def _place(keyed: pl.DataFrame, fresh: pl.DataFrame, entity_of: dict[str, str], spellings: pl.DataFrame,
           earlier: Resolution) -> _Placed:
    """The new articles' spellings weighed against the known spellings they could join."""
    fold, translit = (dict(spellings.select("key", column).iter_rows()) for column in ("fold", "translit"))
    new_keys = set(fresh["key"]) - entity_of.keys()
    related = _related(new_keys, entity_of.keys(), fold, translit) | (set(fresh["key"]) & entity_of.keys())
    touched = {entity_of[k] for k in related}
    weighed = new_keys | {k for k, e in entity_of.items() if e in touched}
    subset = keyed.filter(pl.col("key").is_in(list(weighed)))
    nodes, _ = _nodes(subset, subset.select(pl.arg_sort_by(MENTION_ORDER)).to_series(), _people(keyed),
                      _nationalities(keyed))
    groups = _Seeded(nodes, {k: entity_of[k] for k in nodes if k in entity_of})
    contexts = _Contexts(keyed["key"].n_unique(), _spread(keyed, {w for n in nodes.values() for c in n.contexts
                                                                 for w in c}))
    neighbours = _neighbours(keyed, translit, subset["article_id"].unique())
    for join in _joins(nodes, groups, contexts, neighbours, lambda: False, only_with=new_keys):
        if join.a in new_keys or join.b in new_keys:
            groups.union(join)
    return _results(nodes, groups, set(fresh["key"]), new_keys, earlier)


def _related(new_keys: set[str], known: set[str], fold: dict[str, str], translit: dict[str, str]) -> set[str]:
    """Known spellings a new one could join: the same folded spelling or exonym, a transliteration in one of
    its blocks at least SIMILARITY_CUTOFF alike, or (for a bare name) a full name ending with it."""
    found = set()
    by_fold, by_endonym, by_prefix, by_suffix, by_surname = (defaultdict(list) for _ in range(5))
    surname_fold = {}  # many full names share a surname: each folded once
    for k in known:
        by_fold[fold[k]].append(k)
        by_endonym[endonym_key(fold[k])].append(k)
        by_prefix[translit[k][:PREFIX]].append(k)
        by_suffix[translit[k][-SUFFIX:]].append(k)
        if " " in k:
            surname = k.rsplit(" ", 1)[1]
            if surname not in surname_fold:
                surname_fold[surname] = spelling_key(surname)
            by_surname[surname_fold[surname]].append(k)
    for k in new_keys:
        found.update(by_fold[fold[k]], by_endonym[endonym_key(fold[k])])
        if " " not in k:
            found.update(by_surname[fold[k]])
        block = set(by_prefix[translit[k][:PREFIX]]) | set(by_suffix[translit[k][-SUFFIX:]])
        listed = sorted(block)
        if listed:
            scores = process.cdist([translit[k]], [translit[b] for b in listed], scorer=fuzz.ratio,
                                   score_cutoff=SIMILARITY_CUTOFF)[0]
            found.update(b for b, score in zip(listed, scores) if score)
    return found


def _neighbours(keyed: pl.DataFrame, translit: dict[str, str], articles: pl.Series) -> _ArticleNames:
    """aliases._article_names over the whole corpus, with the names of the given articles only (those of the
    spellings weighed): the idf of each name over all articles."""
    pairs = keyed.select("article_id", translit=pl.col("key").replace_strict(translit)).unique()
    counted = pairs.group_by("translit").len().sort("translit").with_row_index("k")
    numbered = pairs.filter(pl.col("article_id").is_in(articles.implode())).join(
        counted.select("translit", "k"), on="translit").group_by("article_id").agg(pl.col("k").sort())
    return _ArticleNames({a: np.array(k, dtype=np.int32) for a, k in numbered.iter_rows()},
                         dict(counted.select("translit", "k").iter_rows()),
                         np.log(pairs["article_id"].n_unique() / counted["len"].to_numpy()))


def _nationalities(keyed: pl.DataFrame) -> set[str]:
    """Folded one-word spellings mostly labelled NORP, over the whole corpus (as aliases._add_demonym_cues)."""
    top = (keyed.select("key", "label").filter(~pl.col("key").str.contains(" ")).group_by("key", "label").len()
           .sort("len", "label", descending=[True, False]).group_by("key", maintain_order=True).first())
    return {spelling_key(k) for k in top.filter(pl.col("label") == "NORP")["key"]}


def _spread(keyed: pl.DataFrame, words: set[str]) -> Counter:
    """For each of the context words, in how many spellings' mentions it is (as aliases._nodes counts it), over
    the whole corpus. Streamed, keeping only those words: every mention's words at once took 220 MB more at 3,000
    articles (the join's process 671 -> 506 MB with this and the narrower frames of _people and _nationalities)."""
    spread = (keyed.lazy().select("key", word="context_words").explode("word")
              .filter(pl.col("word").is_in(list(words))).unique().group_by("word").len()
              .collect(engine="streaming"))
    return Counter(dict(spread.iter_rows()))


class _Seeded(_Groups):
    """Union-find with each earlier entity's spellings together from the start; a join that would merge two
    earlier entities is refused."""

    def __init__(self, nodes: dict, entity_of: dict[str, str]):
        super().__init__(nodes)
        self.entity: dict[str, str] = {}  # root -> the earlier entity it holds
        members = defaultdict(list)
        for k, entity in entity_of.items():
            members[entity].append(k)
        for entity, keys in members.items():
            root = min(keys)
            for k in keys:
                if k != root:
                    self.parent[k] = root
                    self.first_names[root] |= self.first_names.pop(k)
            self.entity[root] = entity

    def union(self, join: _Join) -> None:
        ra, rb = self.find(join.a), self.find(join.b)
        held = {self.entity[r] for r in (ra, rb) if r in self.entity}
        if len(held) > 1:
            return
        super().union(join)
        if held:
            self.entity[self.find(ra)] = held.pop()


def _results(nodes: dict, groups: _Seeded, fresh_keys: set[str], new_keys: set[str], earlier: Resolution
             ) -> _Placed:
    """Per group with a new article's spelling: its entity (the earlier one it joined, or a new one) and the
    alias rows the earlier tables lack (new spellings, and new ways of writing or shortening known ones)."""
    edges = defaultdict(list)
    for j in groups.joins:
        edges[j.a].append((j.b, j))
        edges[j.b].append((j.a, j))
    canonical_of = dict(earlier.entities.select("entity_id", "canonical_name").iter_rows())
    short = {j.b for j in groups.joins if j.method == "corpus_surname"}
    entity_of, entities, rows = {}, [], []
    for root, members in sorted(groups.members().items()):
        if not fresh_keys & set(members):
            continue
        group = [nodes[k] for k in sorted(members)]
        entity_id = groups.entity.get(root)
        if entity_id is None:
            canonical, entity_type = _canonical(group, short), _entity_type(group)
            entity_id = _hash(entity_type, canonical)
            entities.append({"entity_id": entity_id, "canonical_name": canonical, "entity_type": entity_type})
            rows += _alias_rows(entity_id, canonical, group, edges, {})
        else:  # the walk to the new spellings starts from the earlier ones, one entity already
            rows += _alias_rows(entity_id, canonical_of[entity_id], group, edges, {},
                                starts=sorted(set(members) - new_keys))
        entity_of.update((k, entity_id) for k in members if k in new_keys)
    known = set(earlier.aliases.select("entity_id", "alias").iter_rows())
    return _Placed(entity_of, pl.DataFrame(entities, schema={c: pl.String for c in ("entity_id", "canonical_name",
                                                                                      "entity_type")}),
                   pl.DataFrame([r for r in rows if (r["entity_id"], r["alias"]) not in known],
                                schema=aliases.ALIAS_SCHEMA))


def _entities(earlier: pl.DataFrame, new: pl.DataFrame, assignments: pl.DataFrame,
              alias_rows: pl.DataFrame) -> pl.DataFrame:
    """Every entity with its aliases and counts as the updated tables give them."""
    counts = assignments.group_by("entity_id").agg(mention_count=pl.len().cast(pl.Int64),
                                                   article_count=pl.col("article_id").n_unique().cast(pl.Int64))
    listed = alias_rows.group_by("entity_id").agg(aliases=pl.col("alias").sort())
    return (pl.concat([earlier.select("entity_id", "canonical_name", "entity_type"), new])
            .join(listed, on="entity_id", how="left", maintain_order="left")
            .join(counts, on="entity_id", how="left", maintain_order="left")
            .select(aliases.ENTITY_SCHEMA.keys()).cast(aliases.ENTITY_SCHEMA))
