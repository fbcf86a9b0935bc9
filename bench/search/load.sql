-- 100,000 images for the benchmark's user (:owner) and 100,000 more over 100 other users, with words as web
-- pages have them: titles and alt texts drawn from 8,000 made-up words at Zipf frequencies (a few words on
-- every other page, most on a handful), page hosts from 1,000 sites, image hosts from 200 CDNs, some titles
-- and notes, the formats in web proportions, one image a minute back in time, and picture hashes of which
-- one in fifty is a few bits from an earlier one (a picture saved twice).
create temporary table vocabulary (n integer primary key, word text not null);
insert into vocabulary
select n, s[1 + n % 30] || s[1 + n / 30 % 30] || case when n >= 900 then s[1 + n / 900 % 30] else '' end
from generate_series(0, 7999) as n,
     (select array['ka', 'lo', 'mi', 'ren', 'sto', 'vel', 'dan', 'pri', 'sol', 'tur', 'bel', 'cor', 'fin', 'gar',
                   'hu', 'jo', 'ler', 'mon', 'nor', 'pa', 'qui', 'ras', 'ti', 'ul', 'var', 'wen', 'xo', 'yu',
                   'zel', 'ma'] as s) as syllables;

-- A word of rank 0..top-1 with probability proportional to 1/(rank + 1). PL/pgSQL, so that each call draws
-- again and looks its word up by the primary key.
create function pg_temp.zipf_word(top integer) returns text language plpgsql volatile as $$
declare
    rank integer := least(top, floor(exp(random() * ln(top)))::int) - 1;
begin
    return (select word from vocabulary where n = rank);
end
$$;

create function pg_temp.phrase(length integer) returns text language plpgsql volatile as $$
declare
    words text[] := '{}';
begin
    for i in 1..length loop
        words := words || pg_temp.zipf_word(8000);
    end loop;
    return array_to_string(words, ' ');
end
$$;

create temporary table owners as
select :'owner'::uuid as id, 100000 as images
union all
select id, 1000 from users where username like 'other-%';

insert into images (owner_id, sha256, status, format, width, height, bytes, source_url, page_url, page_title, alt,
                    title, note, thumb_width, thumb_height, thumb_format, preview_width, preview_height,
                    preview_format, saved_at, event_sent_at, phash, pcolor)
select o.id, sha256(convert_to(o.id::text || i, 'UTF8')), 'ready',
       (array['jpeg', 'jpeg', 'jpeg', 'jpeg', 'jpeg', 'jpeg', 'jpeg', 'jpeg', 'png', 'webp'])[1 + i % 10],
       1600, 1200, 250000 + i % 1000000,
       'https://cdn' || (i * 7919 % 200) || '.' || pg_temp.zipf_word(200) || '.net/i/' || i || '.jpg',
       'https://www.' || pg_temp.zipf_word(1000) || '.' || (array['com', 'org', 'net', 'de', 'fr'])[1 + i % 5] || '/p/' || i,
       pg_temp.phrase(3 + i % 6),
       case when i % 10 < 7 then pg_temp.phrase(1 + i % 5) end,
       case when i % 10 < 3 then 'IMG_' || (1000 + i % 9000) || '.jpg'
            when i % 10 < 4 then pg_temp.phrase(2) end,
       case when i % 20 = 0 then pg_temp.phrase(4) end,
       400, 300, 'jpeg', 1600, 1200, 'jpeg',
       now() - i * interval '1 minute', now(),
       -- Two 32-bit halves: one random() has 52 bits, which would leave the low band all zeros.
       (floor(random() * 4294967296)::bigint << 32) # floor(random() * 4294967296)::bigint, (random() * 16777215)::int
from owners o, generate_series(1, o.images) as i;
-- GIFs are rarer than the formats above.
update images set format = 'gif' where owner_id = :'owner' and bytes % 33 = 0;
-- One image in fifty is a re-encoding of the one saved a minute before: its hash a few bits away.
update images i set phash = e.phash # (1::bigint << (i.bytes % 64)::int) # (1::bigint << (i.bytes % 61)::int),
                    pcolor = e.pcolor, similar_to = e.id
from images e
where i.owner_id = :'owner' and e.owner_id = i.owner_id and i.bytes % 50 = 0
  and e.saved_at = i.saved_at - interval '1 minute';
vacuum analyze images;
