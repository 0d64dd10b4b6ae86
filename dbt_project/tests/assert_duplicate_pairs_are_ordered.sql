{{ config(meta={'dagster': {'ref': {'name': 'article_duplicates'}}}) }}
-- A pair is listed once, its lower id first, never an article with itself, with similarities in 0-1.
select pair_id
from {{ ref('article_duplicates') }}
where article_id >= other_article_id
   or similarity not between 0 and 1
   or article_coverage not between 0 and 1
   or other_coverage not between 0 and 1
