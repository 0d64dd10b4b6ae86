select
    mention_id,
    entity_id,
    article_id,
    mention_text,
    label,
    char_start,
    char_end
from {{ ref('stg_news__entity_assignments') }}
