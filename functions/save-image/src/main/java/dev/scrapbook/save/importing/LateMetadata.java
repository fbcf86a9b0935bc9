package dev.scrapbook.save.importing;

import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.save.ImageSaver.Restored;

/**
 * Metadata for images an import saved before it met the archive's scrapbook.json: an export read again by a zip tool
 * (unzipped, looked at, zipped again) puts the manifest after the images. Each such image, which this very import
 * created, gets the manifest's provenance, title, note and saved time in one update. Only this import's own images:
 * one the owner had before keeps whatever it has.
 */
@Repository
class LateMetadata {

    private final JdbcClient db;

    LateMetadata(JdbcClient db) {
        this.db = db;
    }

    void apply(UUID owner, UUID imageId, Provenance provenance, Restored restored) {
        db.sql("""
                        update images set source_url = :source, page_url = :page, page_title = :pageTitle, alt = :alt,
                                          title = :title, note = :note,
                                          saved_at = coalesce(cast(:savedAt as timestamptz), saved_at)
                        where owner_id = :owner and id = :id""")
                .param("source", provenance.sourceUrl()).param("page", provenance.pageUrl())
                .param("pageTitle", provenance.pageTitle()).param("alt", provenance.alt()).param("title", provenance.title())
                .param("note", restored.note())
                .param("savedAt", restored.savedAt() == null ? null : restored.savedAt().atOffset(ZoneOffset.UTC))
                .param("owner", owner).param("id", imageId)
                .update();
    }
}
