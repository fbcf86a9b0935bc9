package dev.scrapbook.thumbnail.engine;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.scrapbook.images.JpegScans;
import dev.scrapbook.thumbnail.engine.LibVips.VipsException;

/**
 * The libvips engine: Debian's libvips through {@link LibVips}. Decodes JPEGs at reduced size
 * (shrink-on-load), so a 24-megapixel photo never becomes a 24-megapixel raster.
 *
 * <p>Same promises as {@link JavaThumbnailEngine}: the pixel limit and the JPEG scan limit are checked
 * from the header and the markers before any decoding; truncated files are refused; EXIF orientation applied; first GIF frame;
 * CMYK and ICC-tagged images converted to sRGB; no metadata in the output; PNG when a pixel is
 * not fully opaque, JPEG at quality 85 otherwise. The largest rendition is decoded from the
 * original, smaller ones are made from it.
 *
 * <p>BMP goes to the Java engine: libvips reads it only through ImageMagick, which is blocked as
 * an untrusted loader.
 */
public final class VipsThumbnailEngine implements ThumbnailEngine {

    private static final int JPEG_QUALITY = Math.round(RenditionEncoder.JPEG_QUALITY * 100);
    /** Fail on data that ends early, as the Java engine does, instead of painting the rest grey. */
    private static final String FAIL_ON_TRUNCATED = "[fail_on=truncated]";
    /**
     * JPEGs: libjpeg reports missing data only as a warning ("premature end of data segment") once
     * the data ends in an end marker, so warnings fail the first attempt; a JPEG whose only warning
     * is harmless (extraneous bytes before a marker, common from cameras) gets a second one.
     */
    private static final String FAIL_ON_WARNING = "[fail_on=warning]";
    private static final String FAIL_ON_NONE = "[fail_on=none]";
    private static final byte[] JPEG_END_MARKER = {(byte) 0xFF, (byte) 0xD9};

    private final LibVips vips;
    private final long maxPixels;
    private final JavaThumbnailEngine bmpEngine;

    VipsThumbnailEngine(LibVips vips, long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, not " + maxPixels);
        }
        this.vips = vips;
        this.maxPixels = maxPixels;
        this.bmpEngine = new JavaThumbnailEngine(maxPixels);
    }

    /** The engine on this process's libvips, or empty when {@code libvips.so.42} cannot be loaded. */
    public static Optional<VipsThumbnailEngine> load(long maxPixels) {
        return LibVips.load().map(vips -> new VipsThumbnailEngine(vips, maxPixels));
    }

    /** Why {@link #load} came back empty. */
    public static String unavailableReason() {
        return Objects.requireNonNullElse(LibVips.unavailableReason(), "it is available");
    }

    public String libraryVersion() {
        return vips.version();
    }

    @Override
    public String name() {
        return "libvips";
    }

    @Override
    public List<Rendition> render(byte[] original, List<Box> boxes) throws UndecodableImageException {
        Objects.requireNonNull(original, "original");
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("at least one box is needed");
        }
        if (original.length == 0) {
            throw new UndecodableImageException("The file is empty.");
        }
        Format format = Format.of(original);
        if (format == Format.BMP) {
            return bmpEngine.render(original, boxes);
        }
        if (format == Format.OTHER) {
            throw new UndecodableImageException(
                    "The file is not an image in a supported format (JPEG, PNG, GIF, WebP, BMP).");
        }
        try (Arena arena = Arena.ofConfined()) {
            boolean jpeg = format == Format.JPEG;
            MemorySegment buffer = jpeg ? withEndMarker(original, arena) : arena.allocateFrom(JAVA_BYTE, original);
            Header header = refuseOversized(buffer, arena);
            if (jpeg) {
                refuseScanBomb(original, header.stored());
            }
            return renditions(buffer, jpeg, header, boxes, arena);
        } catch (VipsException e) {
            throw refusal(e);
        }
    }

    /**
     * Decided from the magic bytes, before libvips sees anything: only the loaders of the formats
     * browsers show are ever reached, and no failed libvips lookup leaves a message behind.
     */
    private enum Format {
        JPEG, PNG, GIF, WEBP, BMP, OTHER;

        static Format of(byte[] bytes) {
            if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
                return JPEG;
            }
            if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
                return PNG;
            }
            if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
                return GIF;
            }
            if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
                return WEBP;
            }
            return startsWith(bytes, 0, 'B', 'M') ? BMP : OTHER;
        }

        private static boolean startsWith(byte[] bytes, int offset, int... expected) {
            if (bytes.length < offset + expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if ((bytes[offset + i] & 0xFF) != expected[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What the header says: the stored size and whether an ICC profile is embedded. */
    private record Header(Size stored, boolean iccProfile) {
    }

    /** Only the header is read, so a decompression bomb never gets pixels allocated. */
    private Header refuseOversized(MemorySegment buffer, Arena arena) throws VipsException, UndecodableImageException {
        MemorySegment image = vips.header(buffer, arena);
        Header header;
        try {
            header = new Header(new Size(vips.width(image), vips.height(image)), vips.hasIccProfile(image));
        } finally {
            vips.unref(image);
        }
        Size stored = header.stored();
        if (stored.pixels() > maxPixels) {
            throw new UndecodableImageException("The image is %s, %d megapixels; the limit is %d megapixels."
                    .formatted(stored, stored.pixels() / 1_000_000, maxPixels / 1_000_000));
        }
        return header;
    }

    /**
     * libjpeg-turbo decodes every scan of a progressive JPEG over the whole image: hundreds of tiny scans
     * hold a worker for tens of seconds. Counted from the markers, before libvips decodes anything.
     */
    private void refuseScanBomb(byte[] jpeg, Size stored) throws UndecodableImageException {
        Optional<String> refusal = JpegScans.refusal(jpeg, stored.width(), stored.height(), maxPixels);
        if (refusal.isPresent()) {
            throw new UndecodableImageException("Refused before decoding: " + refusal.get() + ".");
        }
    }

    /**
     * A JPEG missing only its end marker is complete, yet libjpeg reports it exactly as one cut in
     * its last scan; with the marker added, missing data is reported as such and nothing else is.
     */
    private static MemorySegment withEndMarker(byte[] jpeg, Arena arena) {
        int length = jpeg.length;
        boolean ended = length >= 2 && jpeg[length - 2] == JPEG_END_MARKER[0] && jpeg[length - 1] == JPEG_END_MARKER[1];
        MemorySegment buffer = arena.allocate(ended ? length : length + 2);
        MemorySegment.copy(jpeg, 0, buffer, JAVA_BYTE, 0, length);
        if (!ended) {
            MemorySegment.copy(JPEG_END_MARKER, 0, buffer, JAVA_BYTE, length, 2);
        }
        return buffer;
    }

    private List<Rendition> renditions(MemorySegment buffer, boolean jpeg, Header header, List<Box> boxes, Arena arena)
            throws VipsException {
        Size stored = header.stored();
        List<Box> largestFirst = boxes.stream().distinct()
                .sorted(Comparator.comparingLong((Box box) -> stored.fittedInto(box).pixels()).reversed())
                .toList();
        Box largest = largestFirst.getFirst();
        Decoding decoding = new Decoding(buffer, largest, header.iccProfile());
        MemorySegment decoded = jpeg ? decodeJpeg(decoding, arena) : decode(decoding, FAIL_ON_TRUNCATED, arena);
        Map<Box, Rendition> byBox = new HashMap<>();
        try {
            boolean transparent = hasTransparentPixel(decoded, arena);
            for (Box box : largestFirst) {
                MemorySegment sized = box.equals(largest) ? decoded : vips.thumbnail(decoded, box.maxWidth(), box.maxHeight(), arena);
                try {
                    byBox.put(box, encode(sized, transparent, arena));
                } finally {
                    if (sized != decoded) {
                        vips.unref(sized);
                    }
                }
            }
        } finally {
            vips.unref(decoded);
        }
        return boxes.stream().map(byBox::get).toList();
    }

    private record Decoding(MemorySegment buffer, Box box, boolean iccProfile) {
    }

    private MemorySegment decodeJpeg(Decoding decoding, Arena arena) throws VipsException {
        try {
            return decode(decoding, FAIL_ON_WARNING, arena);
        } catch (VipsException e) {
            if (isMissingData(e)) {
                throw e;
            }
            return decode(decoding, FAIL_ON_NONE, arena);
        }
    }

    /** The largest rendition's pixels, in memory, as 8-bit sRGB (with alpha when the original has one). */
    private MemorySegment decode(Decoding decoding, String loadOptions, Arena arena) throws VipsException {
        Box box = decoding.box();
        MemorySegment thumbnail = vips.thumbnail(decoding.buffer(), box.maxWidth(), box.maxHeight(),
                decoding.iccProfile(), loadOptions, arena);
        MemorySegment srgb = thumbnail;
        try {
            if (vips.interpretation(thumbnail) != LibVips.INTERPRETATION_SRGB) {
                // Greyscale and 16-bit originals: one pixel layout for both encoders and the alpha check.
                srgb = vips.colourspace(thumbnail, LibVips.INTERPRETATION_SRGB, arena);
            }
            return vips.copyMemory(srgb);
        } finally {
            if (srgb != thumbnail) {
                vips.unref(srgb);
            }
            vips.unref(thumbnail);
        }
    }

    private boolean hasTransparentPixel(MemorySegment image, Arena arena) throws VipsException {
        if (!vips.hasAlpha(image)) {
            return false;
        }
        MemorySegment alpha = vips.extractBands(image, vips.bands(image) - 1, 1, arena);
        try {
            return vips.min(alpha, arena) < 255;
        } finally {
            vips.unref(alpha);
        }
    }

    private Rendition encode(MemorySegment image, boolean transparent, Arena arena) throws VipsException {
        int width = vips.width(image);
        int height = vips.height(image);
        if (transparent) {
            return new Rendition(width, height, Rendition.PNG, vips.png(image, arena));
        }
        if (!vips.hasAlpha(image)) {
            return new Rendition(width, height, Rendition.JPEG, vips.jpeg(image, JPEG_QUALITY, arena));
        }
        // Alpha opaque throughout: drop it rather than let the JPEG writer flatten it.
        MemorySegment opaque = vips.extractBands(image, 0, vips.bands(image) - 1, arena);
        try {
            return new Rendition(width, height, Rendition.JPEG, vips.jpeg(opaque, JPEG_QUALITY, arena));
        } finally {
            vips.unref(opaque);
        }
    }

    /** A lost message counts as missing data: refusing a harmless file beats rendering a half-grey one. */
    private static boolean isMissingData(VipsException e) {
        String lower = e.getMessage().toLowerCase(Locale.ROOT);
        return e.messageLost() || lower.contains("premature end") || lower.contains("truncated")
                || lower.contains("end of file");
    }

    private static UndecodableImageException refusal(VipsException e) {
        if (isMissingData(e)) {
            return new UndecodableImageException(
                    "The image file is truncated or corrupt: its data ends before its last pixels (" + e.getMessage() + ").");
        }
        return new UndecodableImageException("The image data is corrupt (" + e.getMessage() + ").");
    }
}
