select
    article_id,
    source_path,
    title,
    outlet,
    byline,
    dateline,
    cast(published_date as date) as published_date,
    body,
    cast(word_count as integer) as word_count,
    cast(paragraph_count as integer) as paragraph_count,
    cast(removed_count as integer) as removed_count
from {{ source('news', 'articles') }}
