select
    article_id,
    story_id,
    cast(similarity as double) as similarity
from {{ source('news', 'story_members') }}
