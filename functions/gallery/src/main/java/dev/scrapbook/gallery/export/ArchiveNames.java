package dev.scrapbook.gallery.export;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Gives each original a file name in the archive: its title (an upload's name), else the last segment of its source
 * URL, else its id; made safe for every file system (no path, no reserved or control characters, at most 100
 * characters), ending in its format's extension, and unique without regard to case (" (2)", " (3)"... before the
 * extension). The same images in the same order get the same names, so the manifest pass and the originals pass
 * agree. What it remembers is one 64-bit hash per name (a collision only adds a needless suffix): about 50 bytes of
 * heap per image, the one thing of the export that grows with the gallery.
 */
final class ArchiveNames {

    private static final int MAX_LENGTH = 100;
    private final Set<Long> used = new HashSet<>();

    String next(UUID id, String title, String sourceUrl, String format) {
        String base = safe(title);
        if (base.isEmpty()) {
            base = safe(lastSegment(sourceUrl));
        }
        if (base.isEmpty()) {
            base = id.toString();
        }
        String extension = extension(format);
        String stem = hasExtension(base, format) ? base.substring(0, base.lastIndexOf('.')) : base;
        String name = stem + extension;
        for (int n = 2; !used.add(hash(name)); n++) {
            name = stem + " (" + n + ")" + extension;
        }
        return name;
    }

    static String safe(String name) {
        if (name == null) {
            return "";
        }
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String cleaned = last.replaceAll("[\\p{Cntrl}<>:\"|?*]", "_").strip();
        // A leading dot hides a file; trailing dots and spaces are dropped by Windows.
        cleaned = cleaned.replaceAll("^[.\\s]+|[.\\s]+$", "");
        return cleaned.codePointCount(0, cleaned.length()) > MAX_LENGTH
                ? cleaned.substring(0, cleaned.offsetByCodePoints(0, MAX_LENGTH)).strip()
                : cleaned;
    }

    private static String lastSegment(String url) {
        if (url == null) {
            return null;
        }
        String path = url.replaceAll("[?#].*$", "");
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return path.indexOf("://") + 2 >= path.lastIndexOf('/') ? null : segment;
    }

    private static boolean hasExtension(String name, String format) {
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (format) {
            case "jpeg" -> lower.endsWith(".jpg") || lower.endsWith(".jpeg");
            default -> lower.endsWith("." + format);
        } && name.lastIndexOf('.') > 0;
    }

    private static String extension(String format) {
        return "jpeg".equals(format) ? ".jpg" : "." + format;
    }

    private static long hash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h;
    }
}
