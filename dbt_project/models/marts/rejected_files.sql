-- Input that could not become an article, with a reason a person can act on.
select
    source_path,
    reason,
    first_seen_at as detected_at
from {{ ref('source_files') }}
where status = 'rejected'
