-- Titles and notes, search, and similar images (issue 13). Applies to a database that already has images: the
-- new columns start null, the search column is computed for every existing row here, and the images saved
-- before this migration get their picture hash from the reconcile pass (save-image's HashBackfill).

-- The image's own title (an uploaded file's name unless the client gave one), and the owner's note, which
-- nobody else sees.
alter table images add column title text, add column note text;

-- Search (ARCHITECTURE.md, "Search"). Words are what is left between punctuation and spaces, lower-cased by the
-- 'simple' configuration: no stemming and no stop words, since titles and pages come in every language. A query
-- runs through the same function, so both sides cut words alike (IMG_2041.jpg is img, 2041, jpg either way).
create function scrapbook_words(text) returns tsvector
    language sql immutable parallel safe
    return to_tsvector('simple', regexp_replace(coalesce($1, ''), '[[:punct:][:space:]]+', ' ', 'g'));

-- The lower-cased host of an http(s) URL, without user info or port; null for anything else.
create function scrapbook_host(url text) returns text
    language sql immutable parallel safe
    return lower(substring(url from '^[hH][tT][tT][pP][sS]?://(?:[^/?#@]*@)?([^/?#:]+)'));

-- One 'site:' term for a host and for every domain above it: img.example.org gives site:img.example.org,
-- site:example.org and site:org, so that site:example.org finds the whole domain.
create function scrapbook_site_terms(host text) returns text[]
    language sql immutable parallel safe
    return array(select 'site:' || array_to_string(labels[i:], '.')
                 from string_to_array(host, '.') as labels, generate_subscripts(labels, 1) as i);

-- The words of a search as a tsquery: each must begin a word of the image (a prefix), in a field of one of the
-- weights named. Null when the text has no word. Lexemes never hold a quote or a backslash (both punctuation).
create function scrapbook_word_query(words text, in_weights text) returns tsquery
    language sql immutable parallel safe
    return (select string_agg(format('''%s'':*%s', lexeme, in_weights), ' & ')::tsquery
            from unnest(scrapbook_words(words)));

-- The names of the boards an image is on (V8), kept by the triggers below on every path that puts an image on a
-- board, takes it off, renames or deletes a board, so that the search column can hold them.
alter table images add column board_names text;

create function images_board_names(image uuid) returns text
    language sql stable parallel safe
    return (select string_agg(b.name, ' ' order by b.name) from board_images bi join boards b on b.id = bi.board_id
            where bi.image_id = image);

create function board_images_keep_board_names() returns trigger language plpgsql as $$
begin
    update images set board_names = images_board_names(id)
    where id = case when tg_op = 'DELETE' then old.image_id else new.image_id end;
    return null;
end
$$;
create trigger board_images_board_names after insert or delete on board_images
    for each row execute function board_images_keep_board_names();

create function boards_keep_board_names() returns trigger language plpgsql as $$
begin
    update images set board_names = images_board_names(id)
    where id in (select image_id from board_images where board_id = new.id);
    return null;
end
$$;
create trigger boards_board_names after update of name on boards
    for each row when (old.name is distinct from new.name) execute function boards_keep_board_names();

update images set board_names = images_board_names(id) where id in (select image_id from board_images);

-- Weights say whose words these are: A the picture's own (title, page title, alt text), B where it came from
-- (the hosts of the page and of the image as words; the site: terms carry no weight, as lexemes without
-- positions can't, and need none), C the owner's note, D the names of its boards. A search over your own
-- images matches all four; over images shared with you only A and B, so neither a note nor a board name
-- answers a search by anyone who can't see it.
alter table images add column search tsvector generated always as (
    setweight(scrapbook_words(title) || scrapbook_words(page_title) || scrapbook_words(alt), 'A')
    || setweight(scrapbook_words(scrapbook_host(page_url)) || scrapbook_words(scrapbook_host(source_url))
                 || array_to_tsvector(scrapbook_site_terms(scrapbook_host(page_url))
                                      || scrapbook_site_terms(scrapbook_host(source_url))), 'B')
    || setweight(scrapbook_words(note), 'C')
    || setweight(scrapbook_words(board_names), 'D')) stored;

-- One owner's matches straight from the index: btree_gin lets owner_id be a key of the same GIN index.
create extension if not exists btree_gin;
create index images_search_idx on images using gin (owner_id, search);

-- Similar images (ARCHITECTURE.md, "Similar images"): the picture hash of the grid thumbnail (PictureHash: a
-- 64-bit difference hash and the mean colour, 0xRRGGBB), null until the thumbnail function made it, or for an
-- image saved before this migration until the reconcile pass did (HashBackfill); and the owner's earlier image
-- of the same picture, if any.
alter table images add column phash bigint, add column pcolor integer,
    add column similar_to uuid references images (id) on delete set null;
-- Deleting an image clears similar_to where it is named: without this index each delete would read the table.
create index images_similar_to_idx on images (similar_to) where similar_to is not null;
-- "Within d bits of h": one index per 16-bit band of the hash; ImageHashes looks up the values near each band
-- of h (pigeonhole) and checks the exact distance and the colour on those candidates only.
create index images_phash_band0_idx on images (owner_id, ((phash >> 48) & 65535)) where phash is not null;
create index images_phash_band1_idx on images (owner_id, ((phash >> 32) & 65535)) where phash is not null;
create index images_phash_band2_idx on images (owner_id, ((phash >> 16) & 65535)) where phash is not null;
create index images_phash_band3_idx on images (owner_id, (phash & 65535)) where phash is not null;
-- The backfill's work list; empty once every ready image has its hash.
create index images_unhashed_idx on images (saved_at) where status = 'ready' and phash is null;

-- Bits in which two difference hashes differ.
create function scrapbook_hash_distance(a bigint, b bigint) returns integer
    language sql immutable parallel safe
    return bit_count(cast(a # b as bit(64)));

-- The largest difference of one channel between two mean colours (0xRRGGBB).
create function scrapbook_color_step(a integer, b integer) returns integer
    language sql immutable parallel safe
    return greatest(abs((a >> 16) - (b >> 16)), abs(((a >> 8) & 255) - ((b >> 8) & 255)), abs((a & 255) - (b & 255)));
