{{ config(meta={'dagster': {'ref': {'name': 'entities'}}}) }}
-- Entities come from mentions: none without one, and the counts match entity_mentions.
select entities.entity_id
from {{ ref('entities') }} as entities
left join (
    select entity_id, count(*) as n, count(distinct article_id) as articles
    from {{ ref('entity_mentions') }}
    group by entity_id
) as counted using (entity_id)
where counted.n is null or counted.n != entities.mention_count or counted.articles != entities.article_count
