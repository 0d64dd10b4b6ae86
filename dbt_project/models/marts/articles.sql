select
    article_id,
    source_path,
    title,
    outlet,
    byline,
    dateline,
    published_date,
    body,
    word_count,
    paragraph_count,
    removed_count
from {{ ref('stg_news__articles') }}
