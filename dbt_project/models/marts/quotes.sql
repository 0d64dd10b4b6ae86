-- A quote's speaker is linked to an entity through the mention the name was resolved from (its offsets), or
-- failing that through a spelling of an entity mentioned in the same article.
with quotes as (
    select * from {{ ref('stg_news__quotes') }}
),

mentions as (
    select * from {{ ref('entity_mentions') }}
),

aliases as (
    select * from {{ ref('entity_aliases') }}
),

by_offsets as (
    select quotes.quote_id, min(mentions.entity_id) as entity_id
    from quotes
    join mentions
        on mentions.article_id = quotes.article_id
        and mentions.char_start < quotes.speaker_char_end
        and mentions.char_end > quotes.speaker_char_start
    group by quotes.quote_id
),

by_name as (
    select quotes.quote_id, min(aliases.entity_id) as entity_id
    from quotes
    join aliases on lower(aliases.alias) = lower(quotes.speaker)
    join mentions on mentions.entity_id = aliases.entity_id and mentions.article_id = quotes.article_id
    group by quotes.quote_id
)

select
    quotes.quote_id,
    quotes.article_id,
    quotes.quote_text,
    quotes.speaker,
    coalesce(by_offsets.entity_id, by_name.entity_id) as speaker_entity_id,
    quotes.cue,
    quotes.is_partial,
    quotes.char_start,
    quotes.char_end,
    quotes.speaker_char_start,
    quotes.speaker_char_end
from quotes
left join by_offsets using (quote_id)
left join by_name using (quote_id)
