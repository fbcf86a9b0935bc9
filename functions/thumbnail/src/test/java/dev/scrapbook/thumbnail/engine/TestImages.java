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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.scrapbook.testing.ImageBytes;

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

    /** The JPEG tagged with an ICC profile (one APP2 chunk). */
    static byte[] withIccProfile(byte[] jpeg, ICC_Profile profile) {
        byte[] header = ImageBytes.concat("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 1});
        return ImageBytes.withAppSegment(jpeg, 0xE2, ImageBytes.concat(header, profile.getData()));
    }

    static ICC_Profile linearRgbProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB);
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

    private static void fill(Graphics2D graphics, Color color, int x, int y, int width, int height) {
        graphics.setColor(color);
        graphics.fillRect(x, y, width, height);
    }
}
