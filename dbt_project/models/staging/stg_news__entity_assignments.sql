select
    mention_id,
    entity_id,
    article_id,
    mention_text,
    label,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('news', 'entity_assignments') }}
