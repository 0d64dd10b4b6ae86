select
    substr(md5(article_id || ':' || char_start || ':' || char_end), 1, 16) as claim_id,
    article_id,
    text,
    cast(value as double) as value,
    cast(value_high as double) as value_high,
    unit,
    cast(normalized_value as double) as normalized_value,
    cast(normalized_value_high as double) as normalized_value_high,
    normalized_unit,
    qualifier,
    subject,
    sentence,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('news', 'numeric_claims') }}
