-- The extension asks which of a page's image URLs the caller already saved (POST /api/images/lookup).
create index images_owner_source_idx on images (owner_id, source_url) where source_url is not null;
