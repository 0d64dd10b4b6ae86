select
    article_id,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end,
    representative_article_id,
    cast(representative_char_start as integer) as representative_char_start,
    cast(representative_char_end as integer) as representative_char_end,
    cast(similarity as double) as similarity,
    cast(wording_similarity as double) as wording_similarity,
    speaker_key
from {{ source('news', 'quote_variant_members') }}
