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
from pipelines.crossref.grouping import average_linkage
from pipelines.crossref.tokens import MIN_CONTENT_LETTERS, STOP_WORDS, words_expr

# On the seeds, articles about one offensive average 0.17 and more with each other, while a report of a later
# battle in the same region averages 0.14 with them; on the samples, an independent report of the flood that
# three copies tell averages 0.17 with them, and articles about other events score under 0.1.
STORY_SIMILARITY = 0.155
STORY_WINDOW_DAYS = 7
TIME_DECAY_DAYS = 28
UNDATED_FACTOR = 0.8
MAX_TERM_ARTICLES = 100
PAIR_SLICE = 1000
ENTITY_PREFIX = "entity:"

SCHEMA = {"article_id": pl.String, "story_id": pl.String, "similarity": pl.Float64}


def word_counts(articles: pl.DataFrame) -> pl.DataFrame:
    """(a, t, tf) for articles (article_id, title, body) in article_id order: a is the article's row number, t a
    64-bit hash of a content word (numbers join and group in a fraction of the memory of strings), tf how often the
    article uses it. Counted PAIR_SLICE articles at a time, so that the words of a large corpus are never all in
    memory at once, each slice by the streaming engine, which tokenises on every core (3,000 articles on two
    cores: 0.39 -> 0.27 s). Needs no entities: the cross-reference counts while entities are joined."""
    articles = articles.sort("article_id")
    text = pl.concat_str(pl.col("title").fill_null(""), pl.col("body"), separator="\n")
    counted = [pl.DataFrame(schema={"a": pl.UInt32, "t": pl.UInt64, "tf": pl.UInt32})]
    for first in range(0, articles.height, PAIR_SLICE):
        counted.append(articles.slice(first, PAIR_SLICE).lazy().select(words_expr(text).alias("term"))
                       .with_row_index("a", offset=first).explode("term").filter(
            pl.col("term").str.len_chars() >= MIN_CONTENT_LETTERS,
            pl.col("term").str.contains(r"^[^\W\d_]+$"),
            ~pl.col("term").is_in(list(STOP_WORDS)),
        ).group_by("a", pl.col("term").hash().alias("t")).agg(pl.len().alias("tf")).collect(engine="streaming"))
    return pl.concat(counted)


def term_weights(articles: pl.DataFrame, mentions: pl.DataFrame, words: pl.DataFrame) -> pl.DataFrame:
    """(a, t, weight, articles) for articles sorted by article_id, their word_counts and their entity mentions:
    a and t as in word_counts, weight (1 + ln tf) * idf, L2-normalised per article; articles is how many articles
    use the term."""
    # an entity counts once per article: the words of its name already count every mention
    index = articles.select("article_id").with_row_index("a")
    entities = mentions.join(index, on="article_id").select(
        "a", (ENTITY_PREFIX + pl.col("entity_id")).hash().alias("t")).unique().with_columns(tf=pl.lit(1, pl.UInt32))
    terms = pl.concat([words, entities])
    idf = ((1 + articles.height) / (1 + pl.len().over("t"))).log() + 1
    weighted = terms.with_columns(((1 + pl.col("tf").log()) * idf).alias("weight"), pl.len().over("t").alias("articles"))
    norm = (pl.col("weight") ** 2).sum().over("a").sqrt()
    return weighted.select("a", "t", pl.col("weight") / norm, "articles")


def scored_pairs(articles: pl.DataFrame, weights: pl.DataFrame) -> pl.DataFrame:
    """(article_id, other_article_id, similarity) for articles sorted by article_id and their term_weights: the
    cosine times the time factor, for pairs sharing a rare enough term within the date window. The pairs are
    made PAIR_SLICE articles at a time, and dated as they are made: before the date window, the pairs sharing a
    term are many times the pairs kept (3,000 articles: 1.5 million, 8,766 within the window). Each slice is one
    query for the streaming engine, which joins on every core (3,000 articles on two cores: 0.44 -> 0.31 s)."""
    dates = articles.select("published_date").with_row_index("a")
    postings = weights.filter(pl.col("articles").is_between(2, MAX_TERM_ARTICLES)).select("a", "t").join(dates, on="a")
    vectors = weights.select("a", "t", "weight")
    gap = (pl.col("published_date") - pl.col("other_published_date")).dt.total_days().abs()
    time_factor = pl.when(gap.is_null()).then(UNDATED_FACTOR).otherwise(1 - gap / TIME_DECAY_DAYS)
    cosine = (pl.col("weight") * pl.col("other_weight")).sum()
    scored = []
    for first in range(0, articles.height, PAIR_SLICE):
        candidates = (postings.lazy().filter(pl.col("a").is_between(first, first + PAIR_SLICE - 1))
                      .join(postings.lazy().rename({"a": "b", "published_date": "other_published_date"}), on="t")
                      .filter(pl.col("a") < pl.col("b"),  # row order is article_id order
                              gap.is_null() | (gap <= STORY_WINDOW_DAYS))
                      .select("a", "b", time_factor.alias("time_factor")).unique())
        scored.append(candidates.join(vectors.lazy(), on="a")
                      .join(vectors.lazy().rename({"a": "b", "weight": "other_weight"}), on=["b", "t"])
                      .group_by("a", "b").agg((cosine * pl.col("time_factor").first()).alias("similarity"))
                      .collect(engine="streaming"))
    ids = articles.select("article_id").with_row_index("a")
    return (pl.concat(scored).join(ids, on="a").join(ids.rename({"a": "b", "article_id": "other_article_id"}), on="b")
            .select("article_id", "other_article_id", "similarity"))


def cluster_stories(articles: pl.DataFrame, mentions: pl.DataFrame, words: pl.DataFrame | None = None
                    ) -> pl.DataFrame:
    """Every article (article_id, title, body, published_date) with its story, given the entity mentions
    (article_id, entity_id) and, if already counted, the articles' word_counts. story_id is the id of the story's
    first article (earliest date, then lowest id); similarity is the article's average similarity to the other
    articles of its story (null when alone)."""
    if articles.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    articles = articles.sort("article_id")
    pairs = scored_pairs(articles, term_weights(articles, mentions, word_counts(articles) if words is None else words))
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
