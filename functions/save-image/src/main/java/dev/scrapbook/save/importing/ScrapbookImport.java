package dev.scrapbook.save.importing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.scrapbook.archive.ScrapbookArchive;
import dev.scrapbook.save.ImageSaver;
import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.save.ImageSaver.Restored;
import dev.scrapbook.save.ImageSaver.Saved;
import dev.scrapbook.save.ProvenanceRules;
import dev.scrapbook.save.SaveSettings;
import dev.scrapbook.save.importing.EntryReader.ArchiveStopped;
import dev.scrapbook.save.importing.EntryReader.EntryTooLarge;
import dev.scrapbook.save.importing.Manifest.BoardMeta;
import dev.scrapbook.save.importing.Manifest.ImageMeta;
import dev.scrapbook.web.ApiProblem;

/**
 * Reads a zip as it arrives, entry by entry (ZipInputStream over the request body: no temp file, nothing held but
 * the current entry, at most the 25 MB any save may be), and saves each image through {@link ImageSaver}, the one
 * path every save takes: format by magic bytes, the pixel and JPEG scan limits, SHA-256 dedupe per owner, S3 before
 * the row, the row as the outbox of the image-saved event that makes the thumbnails. The local headers are read,
 * not the central directory (which sits at the end): an entry a zip tool lists only in the directory is not imported.
 *
 * <p>Exactly once: an image is one insert keyed by (owner, SHA-256), with its provenance, title, note and saved time
 * in that same insert (the manifest comes first in an export; one that comes later is applied to the images this
 * import saved before it, see {@link LateMetadata}), so an import cut off anywhere and sent again finds
 * what was saved as "already had" and saves the rest; boards are matched by name and only gain what they lack
 * ({@link ImportedBoards}). Each refused entry is reported with why and changes nothing; an outage of S3 or the
 * database stops the import with a 503, and sending it again finishes it.
 */
@Service
public class ScrapbookImport {

    private static final Logger log = LoggerFactory.getLogger(ScrapbookImport.class);
    /** As the gallery's note limit (PATCH /api/images/{id}). */
    static final int MAX_NOTE = 4000;

    /** What an import did: images saved, images the owner had already, boards restored, entries refused and why. */
    public record Report(int imported, int alreadyHad, int boards, List<Refusal> refused) {
    }

    public record Refusal(String entry, String type, String detail) {
    }

    private final ImageSaver saver;
    private final ImportedBoards boards;
    private final LateMetadata lateMetadata;
    private final ImportSettings settings;
    private final long maxImageBytes;

    ScrapbookImport(ImageSaver saver, ImportedBoards boards, LateMetadata lateMetadata, ImportSettings settings,
            SaveSettings saveSettings) {
        this.saver = saver;
        this.boards = boards;
        this.lateMetadata = lateMetadata;
        this.settings = settings;
        this.maxImageBytes = saveSettings.maxBytes().toBytes();
    }

    public Report importArchive(UUID owner, InputStream requestBody) throws IOException {
        Run run = new Run(owner);
        CountingInput body = new CountingInput(requestBody, settings.maxBytes().toBytes());
        try (ZipInputStream zip = new ZipInputStream(body)) {
            EntryReader reader = new EntryReader(zip, body, settings.maxRatio(), settings.maxInflatedBytes().toBytes());
            int entries = 0;
            for (ZipEntry entry; (entry = nextEntry(zip, run)) != null;) {
                if (++entries > settings.maxEntries()) {
                    run.refuse("(the rest of the archive)", "too-many-entries",
                            "an archive may hold at most " + settings.maxEntries() + " entries; import the rest in another");
                    break;
                }
                try {
                    readEntry(run, entry, reader);
                    reader.skipRest();
                } catch (ArchiveStopped stopped) {
                    run.refuse(entry.getName(), stopped.type, stopped.getMessage());
                    break;
                }
            }
            if (entries == 0 && run.refused.isEmpty()) {
                throw ApiProblem.badRequest("the body is not a zip archive, or holds nothing");
            }
        } catch (CountingInput.OverLimit e) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", ("the archive is larger than %d MB: import it in"
                    + " parts; the %d images read before the limit are saved, and sending them again is harmless")
                    .formatted(settings.maxBytes().toMegabytes(), run.imported + run.alreadyHad));
        }
        restoreBoards(run);
        log.info("import for {}: {} imported, {} already had, {} boards, {} refused", owner, run.imported, run.alreadyHad,
                run.boards, run.refused.size());
        return new Report(run.imported, run.alreadyHad, run.boards, List.copyOf(run.refused));
    }

    /** A damaged archive ends the reading; what came before stays imported and is reported. */
    private static ZipEntry nextEntry(ZipInputStream zip, Run run) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (ZipException | java.io.EOFException e) {
            run.refuse("(the rest of the archive)", "damaged-archive", "the archive is damaged here: " + e.getMessage());
            return null;
        }
    }

    private void readEntry(Run run, ZipEntry entry, EntryReader reader) throws IOException, ArchiveStopped {
        String name = entry.getName();
        var unsafe = EntryPaths.refusal(name);
        if (unsafe.isPresent()) {
            run.refuse(name, "unsafe-path", unsafe.get());
            return;
        }
        if (entry.isDirectory()) {
            return;
        }
        if (name.equals(ScrapbookArchive.MANIFEST)) {
            readManifest(run, reader);
            return;
        }
        byte[] bytes;
        try {
            bytes = reader.read(maxImageBytes);
        } catch (EntryTooLarge e) {
            run.refuse(name, "too-large", e.getMessage());
            return;
        } catch (ZipException e) {
            throw new ArchiveStopped("damaged-archive", "the entry is damaged (" + e.getMessage() + "); the archive was read no further");
        }
        saveImage(run, name, bytes);
    }

    private void readManifest(Run run, EntryReader reader) throws IOException, ArchiveStopped {
        boolean first = !run.manifestSeen;
        run.manifestSeen = true;
        if (!first) {
            run.refuse(ScrapbookArchive.MANIFEST, "bad-manifest", "a second scrapbook.json; the first one counts");
            return;
        }
        try {
            run.manifest = Manifest.read(new CountingInput(reader.stream(), settings.maxManifestBytes().toBytes()));
            applyLate(run);
        } catch (CountingInput.OverLimit e) {
            run.refuse(ScrapbookArchive.MANIFEST, "bad-manifest", "scrapbook.json is larger than "
                    + settings.maxManifestBytes().toMegabytes() + " MB; the images import without it");
        } catch (IllegalArgumentException e) {
            run.refuse(ScrapbookArchive.MANIFEST, "bad-manifest", e.getMessage() + "; the images import without it");
        } catch (IOException e) {
            // The parser reads through EntryReader.stream, which can only throw IOException: a bomb comes wrapped.
            if (e.getCause() instanceof ArchiveStopped stopped) {
                throw stopped;
            }
            throw e;
        }
    }

    private void saveImage(Run run, String name, byte[] bytes) {
        String sha256 = HexFormat.of().formatHex(ImageSaver.sha256(bytes));
        ImageMeta meta = run.manifest.find(sha256);
        try {
            Saved saved = meta == null
                    ? saver.save(run.owner, bytes, ProvenanceRules.check(null, null, null, null, null, EntryPaths.baseName(name)))
                    : saver.save(run.owner, bytes, provenance(meta), restored(meta));
            if (saved.created()) {
                run.imported++;
                if (!run.manifestSeen) {
                    run.createdBeforeManifest.add(new Created(name, sha256, saved.image().id()));
                }
            } else {
                run.alreadyHad++;
            }
        } catch (ApiProblem problem) {
            refuseOrStop(run, name, problem);
        }
    }

    /** The manifest's title as it is, none included: the file's name in the archive is not the image's title. */
    private static Provenance provenance(ImageMeta meta) {
        return ProvenanceRules.check(meta.sourceUrl(), meta.pageUrl(), meta.pageTitle(), meta.alt(), meta.title(), null);
    }

    private static Restored restored(ImageMeta meta) {
        return new Restored(note(meta.note()), meta.savedAt());
    }

    /** The manifest came after some images (see {@link LateMetadata}): those it describes get their metadata now. */
    private void applyLate(Run run) {
        for (Created created : run.createdBeforeManifest) {
            ImageMeta meta = run.manifest.find(created.sha256());
            if (meta != null) {
                try {
                    lateMetadata.apply(run.owner, created.imageId(), provenance(meta), restored(meta));
                } catch (ApiProblem problem) {
                    refuseOrStop(run, created.entry(), problem);
                }
            }
        }
        run.createdBeforeManifest.clear();
    }

    private static void refuseOrStop(Run run, String entry, ApiProblem problem) {
        if (problem.status().is5xxServerError()) {
            throw problem;
        }
        run.refuse(entry, slug(problem), problem.getMessage());
    }

    private void restoreBoards(Run run) {
        for (BoardMeta board : run.manifest.boards()) {
            boards.restore(run.owner, board).ifPresentOrElse(
                    why -> run.refuse(ScrapbookArchive.MANIFEST + " board \"" + board.name() + "\"", "board-refused", why),
                    () -> run.boards++);
        }
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > MAX_NOTE) {
            throw ApiProblem.badRequest("note is longer than " + MAX_NOTE + " characters");
        }
        ProvenanceRules.refuseNul("note", note);
        return note.strip();
    }

    private static String slug(ApiProblem problem) {
        URI type = problem.toProblemDetail().getType();
        return type.getPath().substring(type.getPath().lastIndexOf('/') + 1);
    }

    private record Created(String entry, String sha256, UUID imageId) {
    }

    /** One import's state: the manifest once read, and the counts. */
    private static final class Run {
        final UUID owner;
        final List<Refusal> refused = new ArrayList<>();
        Manifest manifest = Manifest.NONE;
        boolean manifestSeen;
        /** Images saved before the manifest arrived, if it comes late: the only list that grows with the archive. */
        final List<Created> createdBeforeManifest = new ArrayList<>();
        int imported;
        int alreadyHad;
        int boards;

        Run(UUID owner) {
            this.owner = owner;
        }

        void refuse(String entry, String type, String detail) {
            refused.add(new Refusal(entry, type, detail));
        }
    }
}
