select
    source_path,
    content_hash,
    cast(size_bytes as bigint) as size_bytes,
    cast(modified_at as timestamp) as modified_at,
    encoding,
    article_id,
    status,
    reason,
    cast(first_seen_at as timestamp) as first_seen_at
from {{ source('news', 'files') }}
