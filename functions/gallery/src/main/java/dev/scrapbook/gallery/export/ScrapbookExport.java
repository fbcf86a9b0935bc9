package dev.scrapbook.gallery.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.scrapbook.archive.ScrapbookArchive;
import dev.scrapbook.gallery.export.ExportRows.BoardEntry;
import dev.scrapbook.gallery.export.ExportRows.ExportedBoard;
import dev.scrapbook.gallery.export.ExportRows.ExportedImage;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;

/**
 * Writes one owner's scrapbook as a zip to a stream, as it is read: {@code scrapbook.json} first (see
 * {@link ScrapbookArchive}), then every original under {@code images/}. Nothing is held whole: rows come in keyset
 * pages, the manifest is written by a streaming JSON generator straight into its zip entry, and each original is
 * copied from S3's response to the client through one 16 KiB buffer. So the heap stays flat
 * however large the gallery (bench/export measures it), and nothing touches the disk.
 *
 * <p>Originals are deflated at level 0, which is STORED data inside deflate blocks (5 bytes per 64 KiB): photos are
 * compressed already, so compressing again would cost CPU for nothing. Not the STORED method itself, because
 * ZipOutputStream needs a STORED entry's CRC-32 before its bytes, and only reading each object twice (or holding it)
 * would give that; deflate's entries carry their CRC after the data. The manifest is text, so it is compressed.
 *
 * <p>Both passes run in one read-only REPEATABLE READ transaction: they see the same snapshot, so the names the
 * manifest gives are exactly the files that follow, whatever is saved or deleted meanwhile. An original deleted from
 * S3 after the snapshot is left out (its manifest entry then names a file the archive lacks; an import skips it).
 */
@Service
class ScrapbookExport {

    private static final Logger log = LoggerFactory.getLogger(ScrapbookExport.class);
    private static final int COPY_BUFFER = 16 * 1024;
    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final ExportRows rows;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final TransactionTemplate snapshot;

    ScrapbookExport(ExportRows rows, ObjectStore store, StorageSettings buckets, PlatformTransactionManager transactions) {
        this.rows = rows;
        this.store = store;
        this.buckets = buckets;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * Writes the whole archive. An S3 or database failure midway throws {@link StorageUnavailableException} or a
     * DataAccessException, leaving a zip without its end (unreadable); a client gone away, UncheckedIOException.
     */
    void write(UUID owner, OutputStream out) {
        snapshot.executeWithoutResult(status -> {
            // Closed only when whole: a failure must not write the central directory after a cut-off entry.
            ZipOutputStream zip = new ZipOutputStream(out);
            try {
                writeManifest(owner, zip);
                writeOriginals(owner, zip);
                zip.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void writeManifest(UUID owner, ZipOutputStream zip) throws IOException {
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.putNextEntry(new ZipEntry(ScrapbookArchive.MANIFEST));
        JsonGenerator json = JSON.createGenerator(zip, JsonEncoding.UTF8);
        json.writeStartObject();
        json.writeStringField("format", ScrapbookArchive.FORMAT);
        json.writeNumberField("version", ScrapbookArchive.VERSION);
        json.writeStringField("exportedAt", Instant.now().toString());
        json.writeStringField("username", rows.username(owner));
        json.writeArrayFieldStart("images");
        ArchiveNames names = new ArchiveNames();
        forEachImage(owner, image -> imageEntry(json, image, names));
        json.writeEndArray();
        json.writeArrayFieldStart("boards");
        for (List<ExportedBoard> page = rows.boards(owner, null, ExportRows.PAGE); !page.isEmpty();
                page = rows.boards(owner, page.getLast(), ExportRows.PAGE)) {
            for (ExportedBoard board : page) {
                boardEntry(json, owner, board);
            }
        }
        json.writeEndArray();
        json.writeEndObject();
        json.close();
        zip.closeEntry();
    }

    private void imageEntry(JsonGenerator json, ExportedImage image, ArchiveNames names) {
        try {
            json.writeStartObject();
            json.writeStringField("file", fileOf(image, names));
            json.writeStringField("sha256", image.sha256());
            json.writeStringField("format", image.format());
            json.writeNumberField("width", image.width());
            json.writeNumberField("height", image.height());
            json.writeNumberField("bytes", image.bytes());
            json.writeStringField("title", image.title());
            json.writeStringField("note", image.note());
            json.writeStringField("savedAt", image.savedAt().toString());
            json.writeStringField("sourceUrl", image.sourceUrl());
            json.writeStringField("pageUrl", image.pageUrl());
            json.writeStringField("pageTitle", image.pageTitle());
            json.writeStringField("alt", image.alt());
            json.writeArrayFieldStart("sharedWith");
            for (String username : image.sharedWith()) {
                json.writeString(username);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boardEntry(JsonGenerator json, UUID owner, ExportedBoard board) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", board.name());
        json.writeStringField("description", board.description());
        json.writeArrayFieldStart("images");
        for (List<BoardEntry> page = rows.boardImages(owner, board.id(), Long.MIN_VALUE, ExportRows.PAGE * 2);
                !page.isEmpty(); page = rows.boardImages(owner, board.id(), page.getLast().position(), ExportRows.PAGE * 2)) {
            for (BoardEntry entry : page) {
                json.writeString(entry.sha256());
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void writeOriginals(UUID owner, ZipOutputStream zip) {
        zip.setLevel(Deflater.NO_COMPRESSION);
        ArchiveNames names = new ArchiveNames();
        byte[] buffer = new byte[COPY_BUFFER];
        forEachImage(owner, image -> {
            String file = fileOf(image, names);
            Optional<InputStream> original = store.stream(buckets.originalsBucket(), StorageKeys.original(owner, image.id()));
            if (original.isEmpty()) {
                log.warn("export of {}: original of image {} is gone from S3 (deleted meanwhile); left out", owner, image.id());
                return;
            }
            try (InputStream in = original.get()) {
                ZipEntry entry = new ZipEntry(file);
                entry.setTime(image.savedAt().toEpochMilli());
                zip.putNextEntry(entry);
                copy(in, zip, buffer, image.id());
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Copies through one buffer. A read that fails is S3's ({@link StorageUnavailableException}: the request ends
     * with its connection closed, so the client sees a failed download); a write that fails is the client gone.
     */
    private static void copy(InputStream in, ZipOutputStream zip, byte[] buffer, UUID imageId) throws IOException {
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new StorageUnavailableException("S3 broke off the original of image " + imageId, e);
            }
            if (n < 0) {
                return;
            }
            zip.write(buffer, 0, n);
        }
    }

    private static String fileOf(ExportedImage image, ArchiveNames names) {
        return ScrapbookArchive.IMAGES + names.next(image.id(), image.title(), image.sourceUrl(), image.format());
    }

    private void forEachImage(UUID owner, Consumer<ExportedImage> action) {
        for (List<ExportedImage> page = rows.images(owner, null, ExportRows.PAGE); !page.isEmpty();
                page = rows.images(owner, page.getLast(), ExportRows.PAGE)) {
            page.forEach(action);
        }
    }
}
