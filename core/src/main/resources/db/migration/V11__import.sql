-- Originals being written (issue 14; found by the fault test that kills an import midway). save-image records an
-- original's key before it puts the object and forgets it once the image's row is written, or the object removed
-- again. A key still here long after belongs to a save cut off between the two (kill -9, a lost pod): the reconcile
-- pass deletes that object unless its row exists, so no original is left in S3 without its row.
create table originals_in_flight (
    object_key text primary key,
    started_at timestamptz not null default now()
);
