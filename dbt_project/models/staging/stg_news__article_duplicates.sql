select
    article_id,
    other_article_id,
    cast(similarity as double) as similarity,
    kind,
    cast(article_coverage as double) as article_coverage,
    cast(other_coverage as double) as other_coverage,
    cast(shared_shingles as integer) as shared_shingles
from {{ source('news', 'article_duplicates') }}
