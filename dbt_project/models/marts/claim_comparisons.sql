-- The Python step names claims by article and offsets (claim ids are made here, in dbt); a comparison is named by
-- its representative claim's id. The figures of the whole comparison sit on every row, so that a row shows how
-- far its claim is from the others.
with members as (
    select * from {{ ref('stg_news__claim_comparison_members') }}
),

claims as (
    select * from {{ ref('numeric_claims') }}
),

articles as (
    select * from {{ ref('articles') }}
),

stories as (
    select * from {{ ref('story_clusters') }}
),

compared as (
    select
        representative.claim_id as comparison_id,
        claims.claim_id,
        members.topic,
        stories.story_id,
        claims.article_id,
        articles.outlet,
        articles.published_date,
        claims.text,
        claims.value,
        claims.unit,
        claims.qualifier,
        claims.normalized_value,
        claims.normalized_unit,
        claims.subject,
        claims.sentence
    from members
    join claims
        on claims.article_id = members.article_id
        and claims.char_start = members.char_start
        and claims.char_end = members.char_end
    join claims as representative
        on representative.article_id = members.representative_article_id
        and representative.char_start = members.representative_char_start
        and representative.char_end = members.representative_char_end
    join articles on articles.article_id = claims.article_id
    join stories on stories.article_id = claims.article_id
),

comparisons as (
    select
        comparison_id,
        cast(count(*) as integer) as claim_count,
        cast(count(distinct article_id) as integer) as article_count,
        min(normalized_value) as min_normalized_value,
        max(normalized_value) as max_normalized_value,
        median(normalized_value) as median_normalized_value
    from compared
    group by comparison_id
)

select
    compared.comparison_id,
    compared.claim_id,
    compared.topic,
    compared.story_id,
    comparisons.claim_count,
    comparisons.article_count,
    compared.article_id,
    compared.outlet,
    compared.published_date,
    compared.text,
    compared.value,
    compared.unit,
    compared.qualifier,
    compared.normalized_value,
    compared.normalized_unit,
    comparisons.min_normalized_value,
    comparisons.max_normalized_value,
    case when comparisons.min_normalized_value > 0
        then comparisons.max_normalized_value / comparisons.min_normalized_value end as spread,
    case when comparisons.median_normalized_value != 0
        then compared.normalized_value / comparisons.median_normalized_value end as ratio_to_median,
    compared.subject,
    compared.sentence
from compared
join comparisons using (comparison_id)
