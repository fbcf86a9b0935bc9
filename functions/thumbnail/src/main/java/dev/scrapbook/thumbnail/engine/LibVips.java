package dev.scrapbook.thumbnail.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * The few libvips calls the thumbnail engine needs, through the JDK's foreign-function API, on
 * Debian's {@code libvips.so.42} (8.14). Written by hand because the usual binding is not served
 * by our Maven mirror, and the one that is bundles years-old native decoders.
 *
 * <p>One instance per process ({@link #load()}): libvips is initialised once, loaders that were
 * not fuzz-tested are blocked, its operation cache is off (a cached operation would keep a
 * pointer to a caller's freed input buffer), and each operation runs on one worker thread
 * (requests, not libvips, bring the parallelism; it keeps memory per request predictable).
 *
 * <p>Pointers to {@code VipsImage} are plain {@link MemorySegment}s; whoever gets one from a
 * call owns one reference and must {@link #unref} it. Every call is thread-safe, as libvips is.
 */
final class LibVips {

    static final String LIBRARY = "libvips.so.42";

    /** {@code VipsSize}: only ever shrink. */
    static final int SIZE_DOWN = 2;
    /** {@code VipsInterpretation}: 8-bit sRGB. */
    static final int INTERPRETATION_SRGB = 22;

    private static final Linker LINKER = Linker.nativeLinker();
    private static volatile LibVips instance;
    private static volatile String unavailableReason;

    private final SymbolLookup symbols;
    private final MethodHandle versionString;
    private final MethodHandle errorBufferCopy;
    private final MethodHandle imageNewFromBuffer;
    private final MethodHandle imageWidth;
    private final MethodHandle imageHeight;
    private final MethodHandle imageBands;
    private final MethodHandle imageInterpretation;
    private final MethodHandle imageHasAlpha;
    private final MethodHandle imageCopyMemory;
    private final MethodHandle thumbnailBuffer;
    private final MethodHandle thumbnailBufferToSrgb;
    private final MethodHandle imageGetTypeof;
    private final MethodHandle thumbnailImage;
    private final MethodHandle colourspace;
    private final MethodHandle extractBand;
    private final MethodHandle min;
    private final MethodHandle jpegsaveBuffer;
    private final MethodHandle pngsaveBuffer;
    private final MethodHandle objectUnref;
    private final MethodHandle gFree;
    private final MethodHandle trackedMem;
    private final MethodHandle objectMap;
    private final MethodHandle typeFromName;
    private final MethodHandle enumFromNick;

    private LibVips(SymbolLookup symbols) {
        this.symbols = symbols;
        versionString = function("vips_version_string", FunctionDescriptor.of(ADDRESS));
        errorBufferCopy = function("vips_error_buffer_copy", FunctionDescriptor.of(ADDRESS));
        // Variadic functions: each takes (name, value)... pairs ended by NULL; one handle per shape we call.
        imageNewFromBuffer = variadic("vips_image_new_from_buffer",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS), 3);
        imageWidth = function("vips_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageHeight = function("vips_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageBands = function("vips_image_get_bands", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageInterpretation = function("vips_image_get_interpretation", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageHasAlpha = function("vips_image_hasalpha", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetTypeof = function("vips_image_get_typeof", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        imageCopyMemory = function("vips_image_copy_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        // (buf, len, &out, width, "height", h, "size", s, "option_string", o, NULL)
        thumbnailBuffer = variadic("vips_thumbnail_buffer", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 4);
        // (buf, len, &out, width, "height", h, "size", s, "export_profile", p, "option_string", o, NULL)
        thumbnailBufferToSrgb = variadic("vips_thumbnail_buffer", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), 4);
        // (in, &out, width, "height", h, "size", s, NULL)
        thumbnailImage = variadic("vips_thumbnail_image", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        colourspace = variadic("vips_colourspace",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
        // (in, &out, band, "n", n, NULL)
        extractBand = variadic("vips_extract_band",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        min = variadic("vips_min", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), 2);
        // (in, &buf, &len, "Q", q, "strip", 1, "optimize_coding", 1, NULL)
        jpegsaveBuffer = variadic("vips_jpegsave_buffer", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        // (in, &buf, &len, "strip", 1, NULL)
        pngsaveBuffer = variadic("vips_pngsave_buffer", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), 3);
        objectUnref = function("g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
        gFree = function("g_free", FunctionDescriptor.ofVoid(ADDRESS));
        trackedMem = function("vips_tracked_get_mem", FunctionDescriptor.of(JAVA_LONG));
        objectMap = function("vips_object_map", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        typeFromName = function("g_type_from_name", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        enumFromNick = function("vips_enum_from_nick", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    }

    /** The process's libvips, initialised on first use; empty when the library cannot be loaded. */
    static synchronized Optional<LibVips> load() {
        if (instance == null && unavailableReason == null) {
            try {
                LibVips vips = new LibVips(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
                vips.initialise();
                instance = vips;
            } catch (IllegalArgumentException | IllegalCallerException | UnsatisfiedLinkError | IllegalStateException e) {
                unavailableReason = e.getMessage();
            }
        }
        return Optional.ofNullable(instance);
    }

    /** Why {@link #load()} found no libvips, or null when it did. */
    static String unavailableReason() {
        return unavailableReason;
    }

    private void initialise() {
        int failed = (int) call(function("vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                Arena.global().allocateFrom("scrapbook-thumbnail"));
        if (failed != 0) {
            throw new IllegalStateException("vips_init failed: " + takeError());
        }
        blockUntrusted(true);
        call(function("vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT)), 0);
        call(function("vips_concurrency_set", FunctionDescriptor.ofVoid(JAVA_INT)), 1);
    }

    /** Whether loaders libvips marks untrusted (ImageMagick, matrix, FITS...) are refused; on from the start. */
    void blockUntrusted(boolean blocked) {
        call(function("vips_block_untrusted_set", FunctionDescriptor.ofVoid(JAVA_INT)), blocked ? 1 : 0);
    }

    String version() {
        return string((MemorySegment) call(versionString));
    }

    /** Opens the image lazily: only its header is read. The caller owns the reference. */
    MemorySegment header(MemorySegment buffer, Arena arena) throws VipsException {
        MemorySegment image = (MemorySegment) call(imageNewFromBuffer,
                buffer, buffer.byteSize(), arena.allocateFrom(""), MemorySegment.NULL);
        if (image.equals(MemorySegment.NULL)) {
            throw new VipsException(takeError());
        }
        return image;
    }

    int width(MemorySegment image) {
        return (int) call(imageWidth, image);
    }

    int height(MemorySegment image) {
        return (int) call(imageHeight, image);
    }

    int bands(MemorySegment image) {
        return (int) call(imageBands, image);
    }

    int interpretation(MemorySegment image) {
        return (int) call(imageInterpretation, image);
    }

    boolean hasAlpha(MemorySegment image) {
        return (int) call(imageHasAlpha, image) != 0;
    }

    /** Whether the image carries an embedded ICC profile. */
    boolean hasIccProfile(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) call(imageGetTypeof, image, arena.allocateFrom("icc-profile-data")) != 0;
        }
    }

    /**
     * Shrink-on-load thumbnail: EXIF orientation applied, first page only; CMYK turned into sRGB
     * through the embedded or libvips' built-in CMYK profile. With {@code embeddedProfileToSrgb},
     * an embedded profile is applied and the result is sRGB (only then: libvips' transform of
     * untagged RGB through its own sRGB profile shifts saturated colours). Lazy: pixels are
     * computed when the result is read. {@code loadOptions} such as {@code [fail_on=truncated]}
     * go to the loader.
     */
    MemorySegment thumbnail(MemorySegment buffer, int width, int height, boolean embeddedProfileToSrgb,
            String loadOptions, Arena arena) throws VipsException {
        MemorySegment out = arena.allocate(ADDRESS);
        int failed = embeddedProfileToSrgb
                ? (int) call(thumbnailBufferToSrgb, buffer, buffer.byteSize(), out, width,
                        arena.allocateFrom("height"), height, arena.allocateFrom("size"), SIZE_DOWN,
                        arena.allocateFrom("export_profile"), arena.allocateFrom("srgb"),
                        arena.allocateFrom("option_string"), arena.allocateFrom(loadOptions), MemorySegment.NULL)
                : (int) call(thumbnailBuffer, buffer, buffer.byteSize(), out, width,
                        arena.allocateFrom("height"), height, arena.allocateFrom("size"), SIZE_DOWN,
                        arena.allocateFrom("option_string"), arena.allocateFrom(loadOptions), MemorySegment.NULL);
        return result(failed, out);
    }

    /** Thumbnail of an image already in memory (no shrink-on-load, no rotation: it is upright already). */
    MemorySegment thumbnail(MemorySegment image, int width, int height, Arena arena) throws VipsException {
        MemorySegment out = arena.allocate(ADDRESS);
        int failed = (int) call(thumbnailImage, image, out, width,
                arena.allocateFrom("height"), height, arena.allocateFrom("size"), SIZE_DOWN, MemorySegment.NULL);
        return result(failed, out);
    }

    /** Computes every pixel into memory, so several results can be made from it without decoding again. */
    MemorySegment copyMemory(MemorySegment image) throws VipsException {
        MemorySegment copy = (MemorySegment) call(imageCopyMemory, image);
        if (copy.equals(MemorySegment.NULL)) {
            throw new VipsException(takeError());
        }
        return copy;
    }

    MemorySegment colourspace(MemorySegment image, int interpretation, Arena arena) throws VipsException {
        MemorySegment out = arena.allocate(ADDRESS);
        return result((int) call(colourspace, image, out, interpretation, MemorySegment.NULL), out);
    }

    MemorySegment extractBands(MemorySegment image, int first, int count, Arena arena) throws VipsException {
        MemorySegment out = arena.allocate(ADDRESS);
        return result((int) call(extractBand, image, out, first, arena.allocateFrom("n"), count, MemorySegment.NULL), out);
    }

    double min(MemorySegment image, Arena arena) throws VipsException {
        MemorySegment out = arena.allocate(JAVA_DOUBLE);
        if ((int) call(min, image, out, MemorySegment.NULL) != 0) {
            throw new VipsException(takeError());
        }
        return out.get(JAVA_DOUBLE, 0);
    }

    /** Baseline JPEG without metadata (no EXIF orientation left for a browser to apply twice). */
    byte[] jpeg(MemorySegment image, int quality, Arena arena) throws VipsException {
        MemorySegment buffer = arena.allocate(ADDRESS);
        MemorySegment length = arena.allocate(JAVA_LONG);
        int failed = (int) call(jpegsaveBuffer, image, buffer, length, arena.allocateFrom("Q"), quality,
                arena.allocateFrom("strip"), 1, arena.allocateFrom("optimize_coding"), 1, MemorySegment.NULL);
        return saved(failed, buffer, length);
    }

    byte[] png(MemorySegment image, Arena arena) throws VipsException {
        MemorySegment buffer = arena.allocate(ADDRESS);
        MemorySegment length = arena.allocate(JAVA_LONG);
        int failed = (int) call(pngsaveBuffer, image, buffer, length, arena.allocateFrom("strip"), 1, MemorySegment.NULL);
        return saved(failed, buffer, length);
    }

    /** Drops the caller's reference to a {@code VipsImage}; NULL is ignored. */
    void unref(MemorySegment image) {
        if (image != null && !image.equals(MemorySegment.NULL)) {
            call(objectUnref, image);
        }
    }

    /** Pixel memory libvips has allocated and not yet freed. */
    long trackedMemory() {
        return (long) call(trackedMem);
    }

    /** How many libvips objects (images, operations, sources) are alive: the same before and after a render when no reference leaks. */
    int liveObjects() {
        int[] count = {0};
        MethodHandle counter = MethodHandles.insertArguments(COUNT_OBJECT, 0, (Object) count);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callback = LINKER.upcallStub(counter, FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS), arena);
            call(objectMap, callback, MemorySegment.NULL, MemorySegment.NULL);
        }
        return count[0];
    }

    private static final MethodHandle COUNT_OBJECT;

    static {
        try {
            COUNT_OBJECT = MethodHandles.lookup().findStatic(LibVips.class, "countObject", MethodType.methodType(
                    MemorySegment.class, int[].class, MemorySegment.class, MemorySegment.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** vips_object_map's callback: NULL means "go on". */
    private static MemorySegment countObject(int[] count, MemorySegment object, MemorySegment a, MemorySegment b) {
        count[0]++;
        return MemorySegment.NULL;
    }

    /** The value libvips gives an enum's nick, such as ("VipsSize", "down"); checks our constants. */
    int enumValue(String type, String nick) {
        try (Arena arena = Arena.ofConfined()) {
            long gtype = (long) call(typeFromName, arena.allocateFrom(type));
            return (int) call(enumFromNick, arena.allocateFrom("scrapbook"), gtype, arena.allocateFrom(nick));
        }
    }

    /**
     * Takes and clears what libvips has written to its error buffer; called only right after a call
     * of ours failed. The buffer is one per process (libvips 8.14): when two calls fail at once, the
     * first to take gets both messages and the other an empty one, so callers must not read an
     * empty message as good news.
     */
    String takeError() {
        MemorySegment copy = (MemorySegment) call(errorBufferCopy);
        try {
            return string(copy).strip().replaceAll("\\s*\n\\s*", "; ");
        } finally {
            call(gFree, copy);
        }
    }

    private MemorySegment result(int failed, MemorySegment out) throws VipsException {
        MemorySegment image = out.get(ADDRESS, 0);
        if (failed != 0) {
            unref(image);
            throw new VipsException(takeError());
        }
        return image;
    }

    private byte[] saved(int failed, MemorySegment buffer, MemorySegment length) throws VipsException {
        if (failed != 0) {
            throw new VipsException(takeError());
        }
        MemorySegment data = buffer.get(ADDRESS, 0);
        try {
            return data.reinterpret(length.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
        } finally {
            call(gFree, data);
        }
    }

    private static String string(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private MethodHandle variadic(String name, FunctionDescriptor descriptor, int firstVariadic) {
        return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.firstVariadicArg(firstVariadic));
    }

    private MemorySegment symbol(String name) {
        return symbols.find(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " has no " + name));
    }

    private static Object call(MethodHandle handle, Object... arguments) {
        try {
            return handle.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A libvips call failed; the message is libvips' own, from its error buffer. */
    static final class VipsException extends Exception {
        private final boolean messageLost;

        VipsException(String message) {
            super(message.isEmpty() ? "libvips failed; its message went to a concurrent failure" : message);
            this.messageLost = message.isEmpty();
        }

        /** Another thread took this failure's message from the shared error buffer. */
        boolean messageLost() {
            return messageLost;
        }
    }
}
