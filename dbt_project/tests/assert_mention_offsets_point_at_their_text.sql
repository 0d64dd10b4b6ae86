{{ config(meta={'dagster': {'ref': {'name': 'entity_mentions'}}}) }}
-- Every entity mention's offsets select exactly its text in the article body.
select mentions.mention_id
from {{ ref('entity_mentions') }} as mentions
join {{ ref('articles') }} as articles using (article_id)
where substr(articles.body, mentions.char_start + 1, mentions.char_end - mentions.char_start) != mentions.mention_text
