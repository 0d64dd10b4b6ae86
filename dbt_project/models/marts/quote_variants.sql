-- The Python step names quotes by article and offsets (quote ids are made here, in dbt); the group is named by
-- its representative quote's id.
with members as (
    select * from {{ ref('stg_news__quote_variant_members') }}
),

quotes as (
    select * from {{ ref('quotes') }}
),

articles as (
    select * from {{ ref('articles') }}
),

variants as (
    select
        representative.quote_id as variant_group_id,
        quotes.quote_id,
        members.similarity,
        members.wording_similarity,
        quotes.article_id,
        articles.outlet,
        quotes.speaker,
        quotes.speaker_entity_id,
        quotes.quote_text,
        quotes.quote_id = representative.quote_id as is_representative,
        members.speaker_key
    from members
    join quotes
        on quotes.article_id = members.article_id
        and quotes.char_start = members.char_start
        and quotes.char_end = members.char_end
    join quotes as representative
        on representative.article_id = members.representative_article_id
        and representative.char_start = members.representative_char_start
        and representative.char_end = members.representative_char_end
    join articles on articles.article_id = quotes.article_id
),

groups as (
    select
        variant_group_id,
        cast(count(*) as integer) as group_size,
        cast(count(distinct article_id) as integer) as group_article_count
    from variants
    group by variant_group_id
)

select
    variants.variant_group_id,
    variants.quote_id,
    variants.similarity,
    variants.wording_similarity,
    variants.is_representative,
    groups.group_size,
    groups.group_article_count,
    variants.article_id,
    variants.outlet,
    variants.speaker,
    variants.speaker_entity_id,
    variants.speaker_key,
    variants.quote_text
from variants
join groups using (variant_group_id)
