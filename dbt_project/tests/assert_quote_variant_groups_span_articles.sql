{{ config(meta={'dagster': {'ref': {'name': 'quote_variants'}}}) }}
-- Every group is one utterance in at least two articles, with exactly one representative, which is a member.
select variant_group_id
from {{ ref('quote_variants') }}
group by variant_group_id
having count(distinct article_id) < 2
    or count(*) filter (where is_representative) != 1
    or count(*) filter (where quote_id = variant_group_id) != 1
