select
    claim_id,
    article_id,
    text,
    value,
    value_high,
    unit,
    normalized_value,
    normalized_value_high,
    normalized_unit,
    qualifier,
    subject,
    sentence,
    char_start,
    char_end
from {{ ref('stg_news__numeric_claims') }}
