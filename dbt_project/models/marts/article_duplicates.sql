select
    substr(md5(article_id || ':' || other_article_id), 1, 16) as pair_id,
    article_id,
    other_article_id,
    similarity,
    kind,
    article_coverage,
    other_coverage,
    shared_shingles
from {{ ref('stg_news__article_duplicates') }}
