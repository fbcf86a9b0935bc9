-- Boards: named, ordered collections of images, optionally built with friends (ARCHITECTURE.md, "Boards").
-- An image can be on many boards; the images stay in their owners' galleries whatever happens to a board.
create table boards (
    id             uuid primary key default gen_random_uuid(),
    owner_id       uuid not null references users (id) on delete cascade,
    name           text not null check (char_length(name) between 1 and 100),
    description    text check (char_length(description) <= 2000),
    -- The cover the owner chose; null means the first image in board order (see the foreign key below).
    cover_image_id uuid,
    created_at     timestamptz not null default now(),
    -- Last change to the board or its images: lists show recently used boards first.
    updated_at     timestamptz not null default now()
);
create index boards_owner_idx on boards (owner_id, updated_at desc);

-- The images on a board, in board order. Each person puts only their own images on a board, so an image's
-- owner is who added it. Positions are plain integers, unique per board: an add appends after the largest,
-- a reorder gives the images it names the positions those same images held, in one statement (the unique
-- constraint is checked at the end of that statement, hence deferrable). Gaps are harmless.
create table board_images (
    board_id uuid not null references boards (id) on delete cascade,
    image_id uuid not null references images (id) on delete cascade,
    position bigint not null,
    added_at timestamptz not null default now(),
    primary key (board_id, image_id),
    constraint board_images_position_key unique (board_id, position) deferrable initially immediate
);
-- Deleting an image, and "which boards is this image on" (the search filter, the export).
create index board_images_image_idx on board_images (image_id);

-- A chosen cover is always an image on the board: taking it off the board (or deleting it) clears the choice.
alter table boards add constraint boards_cover_fkey foreign key (id, cover_image_id)
    references board_images (board_id, image_id) on delete set null (cover_image_id);

-- Friends a board is shared with. Contributors add their own images and take them off again; viewers look.
create table board_members (
    board_id uuid not null references boards (id) on delete cascade,
    user_id  uuid not null references users (id) on delete cascade,
    role     text not null check (role in ('viewer', 'contributor')),
    added_at timestamptz not null default now(),
    primary key (board_id, user_id)
);
-- "Boards shared with me".
create index board_members_user_idx on board_members (user_id);

-- A board shows only images of its owner and of its current members. However a membership ends (the owner
-- removes the member, the member leaves, unfriending, an account deleted), that member's images leave the
-- board in the same transaction: kept here so that every path, now and later, keeps the rule. Each statement
-- of a PL/pgSQL function takes a fresh snapshot, so images added by a transaction that held this membership
-- (adding locks the membership row, see gallery's Boards.add) and committed while this delete waited for
-- that lock are removed too.
create function board_members_take_images_away() returns trigger language plpgsql as $$
begin
    delete from board_images bi using images i
    where bi.board_id = old.board_id and bi.image_id = i.id and i.owner_id = old.user_id;
    return old;
end
$$;
create trigger board_members_ended after delete on board_members
    for each row execute function board_members_take_images_away();

-- Public links open an image or a board: exactly one of the two.
alter table share_links alter column image_id drop not null;
alter table share_links add column board_id uuid references boards (id) on delete cascade;
alter table share_links add constraint share_links_one_target check (num_nonnulls(image_id, board_id) = 1);
create index share_links_board_idx on share_links (board_id, created_at desc) where board_id is not null;
