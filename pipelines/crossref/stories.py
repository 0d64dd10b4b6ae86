"""Articles grouped by the event they report, from the words and the entities they share.

Each article is a TF-IDF vector of its content words (title and body) and of the entities it mentions (the
corpus-wide entity ids, so "Kiev" and "Kyiv" count as one). Two articles' similarity is the cosine of their
vectors times a time factor: being dated close together is evidence of one event, so the factor falls from 1
(the same day) by 1/TIME_DECAY_DAYS a day, is 0 beyond STORY_WINDOW_DAYS, and is UNDATED_FACTOR when either
date is unknown (as if some days apart). Groups form by average linkage (grouping.average_linkage): a story
takes in an article when the article is similar enough to all of its articles on average, so an article about
the same war but another battle stays out even where it resembles one member.

Scaling: only pairs sharing at least one term that at most MAX_TERM_ARTICLES articles use are scored (an
inverted index with a cap, as in duplicates.py), so the cost grows with the articles times their terms, not with
the square of the articles; the clustering costs a heap operation per scored pair and per merge.
"""
import polars as pl
from spacy.lang.en.stop_words import STOP_WORDS

from pipelines.crossref.grouping import average_linkage
from pipelines.crossref.tokens import MIN_CONTENT_LETTERS, words_expr

# On the seeds, articles about one offensive average 0.17 and more with each other, while a report of a later
# battle in the same region averages 0.14 with them; on the samples, an independent report of the flood that
# three copies tell averages 0.17 with them, and articles about other events score under 0.1.
STORY_SIMILARITY = 0.155
STORY_WINDOW_DAYS = 7
TIME_DECAY_DAYS = 28
UNDATED_FACTOR = 0.8
MAX_TERM_ARTICLES = 100
ENTITY_PREFIX = "entity:"

SCHEMA = {"article_id": pl.String, "story_id": pl.String, "similarity": pl.Float64}


def term_weights(articles: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """(article_id, term, weight, articles): weight (1 + ln tf) * idf, L2-normalised per article; articles is
    how many articles use the term."""
    text = pl.concat_str(pl.col("title").fill_null(""), pl.col("body"), separator="\n")
    content = articles.select("article_id", words_expr(text).alias("term")).explode("term").filter(
        pl.col("term").str.len_chars() >= MIN_CONTENT_LETTERS,
        pl.col("term").str.contains(r"^[^\W\d_]+$"),
        ~pl.col("term").is_in(list(STOP_WORDS)),
    )
    # an entity counts once per article: the words of its name already count every mention
    entities = mentions.select("article_id", (ENTITY_PREFIX + pl.col("entity_id")).alias("term")).unique()
    terms = pl.concat([content, entities]).group_by("article_id", "term").agg(pl.len().alias("tf"))
    idf = ((1 + articles.height) / (1 + pl.len().over("term"))).log() + 1
    weighted = terms.with_columns(((1 + pl.col("tf").log()) * idf).alias("weight"),
                                  pl.len().over("term").alias("articles"))
    norm = (pl.col("weight") ** 2).sum().over("article_id").sqrt()
    return weighted.select("article_id", "term", pl.col("weight") / norm, "articles")


def scored_pairs(articles: pl.DataFrame, weights: pl.DataFrame) -> pl.DataFrame:
    """(article_id, other_article_id, similarity): the cosine times the time factor, for pairs sharing a rare
    enough term within the date window."""
    postings = weights.filter(pl.col("articles").is_between(2, MAX_TERM_ARTICLES)).select("article_id", "term")
    candidates = (postings.join(postings.rename({"article_id": "other_article_id"}), on="term")
                  .filter(pl.col("article_id") < pl.col("other_article_id"))
                  .select("article_id", "other_article_id").unique())
    dates = articles.select("article_id", "published_date")
    gap = (pl.col("published_date") - pl.col("other_published_date")).dt.total_days().abs()
    time_factor = pl.when(gap.is_null()).then(UNDATED_FACTOR).otherwise(1 - gap / TIME_DECAY_DAYS)
    candidates = (candidates.join(dates, on="article_id")
                  .join(dates.rename({"article_id": "other_article_id", "published_date": "other_published_date"}),
                        on="other_article_id")
                  .filter(gap.is_null() | (gap <= STORY_WINDOW_DAYS))
                  .select("article_id", "other_article_id", time_factor.alias("time_factor")))
    vectors = weights.select("article_id", "term", "weight")
    cosine = (pl.col("weight") * pl.col("other_weight")).sum()
    return (candidates.join(vectors, on="article_id")
            .join(vectors.rename({"article_id": "other_article_id", "weight": "other_weight"}),
                  on=["other_article_id", "term"])
            .group_by("article_id", "other_article_id")
            .agg((cosine * pl.col("time_factor").first()).alias("similarity")))


def cluster_stories(articles: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Every article (article_id, title, body, published_date) with its story, given the entity mentions
    (article_id, entity_id). story_id is the id of the story's first article (earliest date, then lowest id);
    similarity is the article's average similarity to the other articles of its story (null when alone)."""
    if articles.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    pairs = scored_pairs(articles, term_weights(articles, mentions))
    similarity = {(a, b): s for a, b, s in pairs.iter_rows()}
    groups = average_linkage(articles["article_id"].to_list(), similarity, STORY_SIMILARITY)
    dated = dict(articles.select("article_id", "published_date").iter_rows())
    rows = []
    for group in groups:
        lead = min(group, key=lambda a: (dated[a] is None, dated[a] or 0, a))
        for article in group:
            others = [similarity.get((min(article, o), max(article, o)), 0.0) for o in group if o != article]
            rows.append((article, lead, round(sum(others) / len(others), 4) if others else None))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").sort("story_id", "article_id")
