select
    article_id,
    cast(paragraph_index as integer) as paragraph_index,
    text,
    reason
from {{ source('news', 'removed_segments') }}
