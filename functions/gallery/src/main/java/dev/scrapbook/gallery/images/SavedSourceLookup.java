package dev.scrapbook.gallery.images;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which of some image URLs a user has already saved: the extension marks those in its picker. */
@Component
class SavedSourceLookup {

    record Saved(String sourceUrl, UUID id) {
    }

    private final JdbcClient db;

    SavedSourceLookup(JdbcClient db) {
        this.db = db;
    }

    /** One row per URL (the newest save of it), scoped to the owner like every user query. */
    List<Saved> find(UUID ownerId, List<String> sourceUrls) {
        if (sourceUrls.isEmpty()) {
            return List.of();
        }
        return db.sql("""
                        select distinct on (source_url) source_url, id from images
                        where owner_id = ? and source_url = any (?)
                        order by source_url, saved_at desc""")
                .params(ownerId, sourceUrls.toArray(String[]::new))
                .query((rs, row) -> new Saved(rs.getString("source_url"), rs.getObject("id", UUID.class)))
                .list();
    }
}
