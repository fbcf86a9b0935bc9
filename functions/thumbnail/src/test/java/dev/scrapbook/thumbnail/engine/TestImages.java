package dev.scrapbook.thumbnail.engine;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Builds the originals the engine tests feed in. */
final class TestImages {

    static final Color RED = new Color(255, 0, 0);
    static final Color GREEN = new Color(0, 255, 0);
    static final Color BLUE = new Color(0, 0, 255);
    static final Color YELLOW = new Color(255, 255, 0);

    private TestImages() {
    }

    /** Red top-left, green top-right, blue bottom-left, yellow bottom-right. */
    static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        fill(graphics, RED, 0, 0, width / 2, height / 2);
        fill(graphics, GREEN, width / 2, 0, width - width / 2, height / 2);
        fill(graphics, BLUE, 0, height / 2, width / 2, height - height / 2);
        fill(graphics, YELLOW, width / 2, height / 2, width - width / 2, height - height / 2);
        graphics.dispose();
        return image;
    }

    static BufferedImage solid(int width, int height, Color color, int imageType) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D graphics = image.createGraphics();
        fill(graphics, color, 0, 0, width, height);
        graphics.dispose();
        return image;
    }

    /** Left half opaque red, right half fully transparent. */
    static BufferedImage halfTransparent(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = image.createGraphics();
        fill(graphics, RED, 0, 0, width / 2, height);
        graphics.dispose();
        return image;
    }

    /** Deterministic noise, so JPEG data is large enough to cut meaningfully. */
    static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        long state = 42;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                image.setRGB(x, y, (int) (state >>> 40));
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image) {
        return write(image, "jpeg", null);
    }

    static byte[] progressiveJpeg(BufferedImage image) {
        ImageWriteParam param = new JPEGImageWriteParam(null);
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return write(image, "jpeg", param);
    }

    static byte[] png(BufferedImage image) {
        return write(image, "png", null);
    }

    static byte[] bmp(BufferedImage image) {
        return write(image, "bmp", null);
    }

    static byte[] animatedGif(BufferedImage... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A 2-colour palette image: index 0 opaque red, index 1 transparent. Left half red. */
    static BufferedImage indexedHalfTransparent(int width, int height) {
        IndexColorModel palette = new IndexColorModel(1, 2,
                new byte[] {(byte) 255, 0}, new byte[] {0, 0}, new byte[] {0, 0}, 1);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, palette);
        for (int y = 0; y < height; y++) {
            for (int x = width / 2; x < width; x++) {
                image.getRaster().setSample(x, y, 0, 1);
            }
        }
        return image;
    }

    /** The JPEG with an EXIF segment whose IFD0 holds only the orientation tag. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.BIG_ENDIAN);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        return withAppSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array()));
    }

    /** The JPEG tagged with an ICC profile (one APP2 chunk). */
    static byte[] withIccProfile(byte[] jpeg, ICC_Profile profile) {
        byte[] header = concat("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 1});
        return withAppSegment(jpeg, 0xE2, concat(header, profile.getData()));
    }

    static ICC_Profile linearRgbProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB);
    }

    /**
     * A PNG whose header claims {@code width}x{@code height} RGB pixels, followed by a few KB of
     * compressed zeros: small on disk, gigabytes once decoded.
     */
    static byte[] decompressionBombPng(int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(zlib)) {
            deflater.write(new byte[4 << 20]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chunk(png, "IDAT", zlib.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    static byte[] fixture(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/engine/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] truncated(byte[] bytes, double keptFraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * keptFraction));
    }

    static BufferedImage decode(Rendition rendition) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(rendition.bytes()));
            if (image == null) {
                throw new AssertionError("rendition is not readable: " + rendition);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a JPEG holds an EXIF segment (APP1 "Exif") anywhere before its image data. */
    static boolean hasExifSegment(byte[] jpeg) {
        int position = 2;
        while (position + 4 < jpeg.length && (jpeg[position] & 0xFF) == 0xFF) {
            int marker = jpeg[position + 1] & 0xFF;
            if (marker == 0xDA) {
                return false;
            }
            int length = ((jpeg[position + 2] & 0xFF) << 8) | (jpeg[position + 3] & 0xFF);
            if (marker == 0xE1 && new String(jpeg, position + 4, 4, StandardCharsets.US_ASCII).equals("Exif")) {
                return true;
            }
            position += 2 + length;
        }
        return false;
    }

    static List<Box> previewAndGrid() {
        return List.of(new Box(1600, 1600), new Box(400, 400));
    }

    /** Inserts an APPn segment after SOI and, when present, after the JFIF APP0 that must come first. */
    static byte[] withAppSegment(byte[] jpeg, int marker, byte[] payload) {
        int insertAt = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            insertAt += 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, insertAt);
        int length = payload.length + 2;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length});
        out.writeBytes(payload);
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] write(BufferedImage image, String format, ImageWriteParam param) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static void fill(Graphics2D graphics, Color color, int x, int y, int width, int height) {
        graphics.setColor(color);
        graphics.fillRect(x, y, width, height);
    }
}
