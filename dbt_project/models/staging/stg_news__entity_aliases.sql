select
    substr(md5(entity_id || ':' || alias), 1, 16) as alias_id,
    entity_id,
    alias,
    method,
    cast(score as double) as score,
    matched_alias,
    evidence
from {{ source('news', 'entity_aliases') }}
