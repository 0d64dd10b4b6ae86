{{ config(meta={'dagster': {'ref': {'name': 'claim_comparisons'}}}) }}
-- The claims of one comparison are in one normalised unit and one story, and there are at least two of them.
select comparison_id
from {{ ref('claim_comparisons') }}
group by comparison_id
having count(distinct normalized_unit) != 1
    or count(distinct story_id) != 1
    or count(*) < 2
