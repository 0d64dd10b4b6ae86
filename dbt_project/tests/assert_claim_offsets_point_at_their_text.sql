{{ config(meta={'dagster': {'ref': {'name': 'numeric_claims'}}}) }}
-- Every numeric claim's offsets select exactly its text in the article body.
select claims.claim_id
from {{ ref('numeric_claims') }} as claims
join {{ ref('articles') }} as articles using (article_id)
where substr(articles.body, claims.char_start + 1, claims.char_end - claims.char_start) != claims.text
