select
    substr(md5(article_id || ':' || char_start || ':' || char_end), 1, 16) as quote_id,
    article_id,
    quote_text,
    speaker,
    cast(speaker_start as integer) as speaker_char_start,
    cast(speaker_end as integer) as speaker_char_end,
    cue,
    cast(is_partial as boolean) as is_partial,
    cast(char_start as integer) as char_start,
    cast(char_end as integer) as char_end
from {{ source('news', 'quotes') }}
