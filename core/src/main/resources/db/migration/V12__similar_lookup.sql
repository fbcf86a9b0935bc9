-- Statistics on the four bands of the picture hash (issue 13, similar images). The band indexes of V9 are partial
-- (where phash is not null), and the planner takes no statistics from a partial index's expressions: it guessed
-- 200 distinct values a band, so "band = any(137 values)" looked like 68 % of the owner's images, and at 100,000
-- images it read all of them (through images_search_idx, or the whole table) instead of the band indexes
-- (bench/RESULTS.md, "Search"). With these it expects the few hundred it finds. Same expressions as the indexes.
create statistics images_phash_band0_stats on ((phash >> 48) & 65535) from images;
create statistics images_phash_band1_stats on ((phash >> 32) & 65535) from images;
create statistics images_phash_band2_stats on ((phash >> 16) & 65535) from images;
create statistics images_phash_band3_stats on (phash & 65535) from images;
-- A database that already has images gets them now rather than at autovacuum's next analyze (a sample of the
-- table, seconds even for a large one).
analyze images;
