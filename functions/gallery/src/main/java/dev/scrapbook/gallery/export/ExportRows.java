package dev.scrapbook.gallery.export;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an export reads, in keyset pages of {@link #PAGE} rows, oldest first: never a whole gallery at once. Run
 * inside one REPEATABLE READ transaction (see {@link ScrapbookExport}), so that every pass sees the same rows.
 */
@Repository
class ExportRows {

    static final int PAGE = 500;

    private final JdbcClient db;

    ExportRows(JdbcClient db) {
        this.db = db;
    }

    /** One original and everything the manifest says about it. */
    record ExportedImage(UUID id, String sha256, String format, int width, int height, long bytes, String title,
            String note, Instant savedAt, String sourceUrl, String pageUrl, String pageTitle, String alt,
            List<String> sharedWith) {
    }

    record ExportedBoard(UUID id, Instant createdAt, String name, String description) {
    }

    record Totals(long images, long bytes) {
    }

    String username(UUID owner) {
        return db.sql("select username from users where id = ?").param(owner).query(String.class).single();
    }

    Totals totals(UUID owner) {
        return db.sql("select count(*), coalesce(sum(bytes), 0) from images where owner_id = ?").param(owner)
                .query((rs, n) -> new Totals(rs.getLong(1), rs.getLong(2))).single();
    }

    /** The page after {@code after} (null: the first), by (saved_at, id), the order of images_owner_saved_idx. */
    List<ExportedImage> images(UUID owner, ExportedImage after, int limit) {
        return db.sql("""
                        select i.id, i.sha256, i.format, i.width, i.height, i.bytes, i.title, i.note, i.saved_at,
                               i.source_url, i.page_url, i.page_title, i.alt,
                               array(select u.username from image_shares s join users u on u.id = s.recipient_id
                                     where s.image_id = i.id order by lower(u.username)) as shared_with
                        from images i
                        where i.owner_id = :owner
                          and (cast(:afterAt as timestamptz) is null or (i.saved_at, i.id) > (:afterAt, :afterId))
                        order by i.saved_at, i.id limit :limit""")
                .param("owner", owner)
                .param("afterAt", after == null ? null : after.savedAt().atOffset(ZoneOffset.UTC))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(ExportRows::image).list();
    }

    List<ExportedBoard> boards(UUID owner, ExportedBoard after, int limit) {
        return db.sql("""
                        select id, created_at, name, description from boards
                        where owner_id = :owner
                          and (cast(:afterAt as timestamptz) is null or (created_at, id) > (:afterAt, :afterId))
                        order by created_at, id limit :limit""")
                .param("owner", owner)
                .param("afterAt", after == null ? null : after.createdAt().atOffset(ZoneOffset.UTC))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query((rs, n) -> new ExportedBoard(rs.getObject("id", UUID.class),
                        rs.getObject("created_at", Timestamp.class).toInstant(), rs.getString("name"),
                        rs.getString("description")))
                .list();
    }

    /** The owner's own images on the board, in board order: (position, SHA-256 in hex) after {@code afterPosition}. */
    List<BoardEntry> boardImages(UUID owner, UUID boardId, long afterPosition, int limit) {
        return db.sql("""
                        select bi.position, i.sha256 from board_images bi join images i on i.id = bi.image_id
                        where bi.board_id = ? and i.owner_id = ? and bi.position > ?
                        order by bi.position limit ?""")
                .params(boardId, owner, afterPosition, limit)
                .query((rs, n) -> new BoardEntry(rs.getLong(1), HexFormat.of().formatHex(rs.getBytes(2)))).list();
    }

    record BoardEntry(long position, String sha256) {
    }

    private static ExportedImage image(ResultSet rs, int row) throws SQLException {
        Array shared = rs.getArray("shared_with");
        return new ExportedImage(rs.getObject("id", UUID.class), HexFormat.of().formatHex(rs.getBytes("sha256")),
                rs.getString("format"), rs.getInt("width"), rs.getInt("height"), rs.getLong("bytes"),
                rs.getString("title"), rs.getString("note"), rs.getObject("saved_at", Timestamp.class).toInstant(),
                rs.getString("source_url"), rs.getString("page_url"), rs.getString("page_title"), rs.getString("alt"),
                List.of((String[]) shared.getArray()));
    }
}
