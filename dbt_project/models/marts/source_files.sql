-- Every input file and what became of it: the article it holds (several paths can hold one article) or why not.
with files as (
    select * from {{ ref('stg_news__files') }}
),

cleaning_rejections as (
    select * from {{ ref('stg_news__cleaning_rejections') }}
)

select
    files.source_path,
    files.content_hash,
    files.size_bytes,
    files.modified_at,
    files.encoding,
    case when cleaning_rejections.article_id is null then files.article_id end as article_id,
    case
        when files.status = 'rejected' or cleaning_rejections.article_id is not null then 'rejected'
        else 'article'
    end as status,
    coalesce(files.reason, cleaning_rejections.reason) as reason,
    files.first_seen_at
from files
left join cleaning_rejections on files.article_id = cleaning_rejections.article_id
