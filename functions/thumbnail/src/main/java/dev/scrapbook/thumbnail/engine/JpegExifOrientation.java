package dev.scrapbook.thumbnail.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;

/** Reads the orientation tag from a JPEG's EXIF segment (APP1). */
final class JpegExifOrientation {

    private JpegExifOrientation() {
    }

    /**
     * The orientation the JPEG asks for. Broken EXIF is common in the wild and never worth
     * refusing the picture for, so any problem reading it means upright.
     */
    static ExifOrientation read(byte[] jpeg) {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return ExifOrientation.NORMAL;
            }
            return ExifOrientation.ofTagValue(orientationTag(exif.getFirst()));
        } catch (IOException | RuntimeException unreadableExif) {
            return ExifOrientation.NORMAL;
        }
    }

    private static int orientationTag(JPEGSegment exif) throws IOException {
        InputStream data = exif.data();
        // "Exif" is followed by two zero bytes; the identifier took the first, this skips the pad.
        data.skipNBytes(1);
        try (ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
            Directory directory = new TIFFReader().read(tiff);
            Entry orientation = directory.getEntryById(TIFF.TAG_ORIENTATION);
            return orientation != null && orientation.getValue() instanceof Number number ? number.intValue() : 1;
        }
    }
}
