package dev.scrapbook.save.importing;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which entry names an import accepts. Nothing is ever written to a file system from an archive, but a name that
 * climbs out of it ({@code ../}), is absolute ({@code /etc/x}, {@code C:\x}, {@code \\server\x}) or holds a control
 * character marks an archive made to attack extractors: such an entry is refused and reported, not read.
 * Backslashes count as separators, as Windows tools write them.
 */
final class EntryPaths {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final Pattern CONTROL = Pattern.compile(".*\\p{Cntrl}.*", Pattern.DOTALL);

    private EntryPaths() {
    }

    /** Why the name is refused, or empty when it is a plain relative path inside the archive. */
    static Optional<String> refusal(String name) {
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || DRIVE.matcher(path).matches()) {
            return Optional.of("an absolute path: entries must stay inside the archive");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return Optional.of("a path outside the archive (..)");
            }
        }
        if (CONTROL.matcher(path).matches()) {
            return Optional.of("a control character in the name");
        }
        return Optional.empty();
    }

    /** The file's own name, without folders: an image's title when the archive says nothing else. */
    static String baseName(String name) {
        String path = name.replace('\\', '/');
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
