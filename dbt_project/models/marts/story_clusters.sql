with members as (
    select * from {{ ref('stg_news__story_members') }}
),

articles as (
    select * from {{ ref('articles') }}
)

select
    members.article_id,
    members.story_id,
    cast(count(*) over (partition by members.story_id) as integer) as story_size,
    members.similarity,
    articles.title,
    articles.outlet,
    articles.published_date,
    min(articles.published_date) over (partition by members.story_id) as story_first_date,
    max(articles.published_date) over (partition by members.story_id) as story_last_date
from members
join articles using (article_id)
