package dev.scrapbook.thumbnail.engine;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes a rendition. No metadata is written, so no EXIF orientation survives to be applied a
 * second time by a browser.
 */
final class RenditionEncoder {

    static final float JPEG_QUALITY = 0.85f;

    private RenditionEncoder() {
    }

    static byte[] encode(BufferedImage image, String format) {
        return switch (format) {
            case Rendition.JPEG -> jpeg(withoutAlpha(image));
            case Rendition.PNG -> write(image, "png", null);
            default -> throw new IllegalArgumentException("cannot encode " + format);
        };
    }

    private static byte[] jpeg(BufferedImage opaque) {
        ImageWriteParam param = new JPEGImageWriteParam(null);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        // Smaller files for a second pass over data already in memory.
        ((JPEGImageWriteParam) param).setOptimizeHuffmanTables(true);
        return write(opaque, "jpeg", param);
    }

    /** An alpha band handed to the JPEG writer becomes a four-channel file that viewers show in wrong colours. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = opaque.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return opaque;
    }

    private static byte[] write(BufferedImage image, String formatName, ImageWriteParam param) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(formatName).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // In memory on purpose: ImageIO.createImageOutputStream would spill to a temporary file.
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + formatName + " in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
