{{ config(meta={'dagster': {'ref': {'name': 'quotes'}}}) }}
-- Every quote's offsets select exactly its text in the article body, and its speaker's offsets the speaker's name.
select quotes.quote_id
from {{ ref('quotes') }} as quotes
join {{ ref('articles') }} as articles using (article_id)
where substr(articles.body, quotes.char_start + 1, quotes.char_end - quotes.char_start) != quotes.quote_text
   or (quotes.speaker_char_start is not null
       and substr(articles.body, quotes.speaker_char_start + 1, quotes.speaker_char_end - quotes.speaker_char_start) != quotes.speaker)
