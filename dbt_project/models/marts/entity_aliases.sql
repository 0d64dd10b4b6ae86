select
    alias_id,
    entity_id,
    alias,
    method,
    score,
    matched_alias,
    evidence
from {{ ref('stg_news__entity_aliases') }}
