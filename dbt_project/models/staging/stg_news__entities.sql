select
    entity_id,
    canonical_name,
    entity_type,
    cast(aliases as varchar[]) as aliases
from {{ source('news', 'entities') }}
