-- Counts come from entity_mentions itself, so the two tables always agree.
with mentions as (
    select
        entity_id,
        count(*) as mention_count,
        count(distinct article_id) as article_count
    from {{ ref('entity_mentions') }}
    group by entity_id
)

select
    entities.entity_id,
    entities.canonical_name,
    entities.entity_type,
    entities.aliases,
    cast(mentions.mention_count as integer) as mention_count,
    cast(mentions.article_count as integer) as article_count
from {{ ref('stg_news__entities') }} as entities
join mentions using (entity_id)
