select
    article_id || ':' || paragraph_index as segment_id,
    article_id,
    paragraph_index,
    text,
    reason
from {{ ref('stg_news__removed_segments') }}
