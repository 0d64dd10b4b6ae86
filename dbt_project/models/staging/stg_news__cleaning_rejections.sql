select
    article_id,
    reason
from {{ source('news', 'cleaning_rejections') }}
