package dev.scrapbook.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * A corpus of hostile image files: truncated, corrupted (seeded bit flips, so every run sees the same
 * bytes), lying headers, polyglots (a file that is an image and also a script, an archive or a page),
 * and non-images dressed as images. Shared by the header inspection's and the thumbnail engines' tests.
 */
public final class MalformedImages {

    private MalformedImages() {
    }

    /** Name to bytes, in a stable order. */
    public static Map<String, byte[]> corpus() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        Map<String, byte[]> valid = validSamples();
        valid.forEach((format, bytes) -> {
            for (int keep : new int[] {1, 2, 3, 4, 8, 12, 16, 24, 32, 64, bytes.length / 2, bytes.length - 1}) {
                if (keep > 0 && keep < bytes.length) {
                    cases.put(format + " truncated to " + keep, Arrays.copyOf(bytes, keep));
                }
            }
            Random random = new Random(format.hashCode());
            for (int i = 0; i < 12; i++) {
                cases.put(format + " corrupt #" + i, flipped(bytes, random, 1 + i * 3));
            }
        });
        cases.put("empty", new byte[0]);
        cases.put("one zero byte", new byte[1]);
        cases.put("jpeg SOI only", bytes(0xFF, 0xD8));
        cases.put("jpeg SOI EOI", bytes(0xFF, 0xD8, 0xFF, 0xD9));
        cases.put("jpeg huge SOF", hugeJpegFrame(valid.get("jpeg")));
        cases.put("png huge IHDR", pngWithSize(valid.get("png"), 0x7FFFFFFF, 0x7FFFFFFF));
        cases.put("png zero IHDR", pngWithSize(valid.get("png"), 0, 0));
        cases.put("png negative IHDR", pngWithSize(valid.get("png"), -1, -1));
        cases.put("png bomb", ImageBytes.decompressionBombPng(60_000, 60_000));
        cases.put("gif huge screen", gifWithSize(valid.get("gif"), 0xFFFF, 0xFFFF));
        cases.put("gif/javascript polyglot", ascii("GIF89a/*\u0001\u0001\u0000\u0000\u0000;*/=alert(document.domain)//;"));
        cases.put("jpeg+zip polyglot", ImageBytes.concat(valid.get("jpeg"), zipHeader()));
        cases.put("png+html polyglot", ImageBytes.concat(valid.get("png"),
                ascii("<html><script>alert(1)</script></html>")));
        cases.put("html with jpeg magic", ImageBytes.concat(bytes(0xFF, 0xD8, 0xFF, 0xE0),
                ascii("<html><script>alert(1)</script></html>")));
        cases.put("svg", ascii("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>"));
        cases.put("svg with xml prolog", ascii("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>"));
        cases.put("html", ascii("<!doctype html><img src=x onerror=alert(1)>"));
        cases.put("riff webp header only", ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "));
        cases.put("webp huge VP8X", webpVp8xHuge());
        cases.put("bmp", ascii("BM\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"));
        return cases;
    }

    /** Small valid images of each format ImageIO can write, the seeds of the corruptions. */
    public static Map<String, byte[]> validSamples() {
        BufferedImage image = new BufferedImage(33, 17, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, (x * 7919 + y * 104729) & 0xFFFFFF);
            }
        }
        Map<String, byte[]> samples = new LinkedHashMap<>();
        for (String format : List.of("jpeg", "png", "gif")) {
            samples.put(format, write(image, format));
        }
        return samples;
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] flipped(byte[] original, Random random, int flips) {
        byte[] copy = original.clone();
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    /** Sets the JPEG's frame header (SOF0) to 65535x65535. */
    private static byte[] hugeJpegFrame(byte[] jpeg) {
        byte[] copy = jpeg.clone();
        for (int i = 0; i + 8 < copy.length; i++) {
            if ((copy[i] & 0xFF) == 0xFF && (copy[i + 1] & 0xFF) == 0xC0) {
                copy[i + 5] = copy[i + 6] = copy[i + 7] = copy[i + 8] = (byte) 0xFF;
                return copy;
            }
        }
        throw new IllegalStateException("no SOF0 in the sample JPEG");
    }

    /** The IHDR size changed without fixing its CRC, as a careless or hostile writer would. */
    private static byte[] pngWithSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer.wrap(copy, 16, 8).putInt(width).putInt(height);
        return copy;
    }

    private static byte[] gifWithSize(byte[] gif, int width, int height) {
        byte[] copy = gif.clone();
        copy[6] = (byte) width;
        copy[7] = (byte) (width >> 8);
        copy[8] = (byte) height;
        copy[9] = (byte) (height >> 8);
        return copy;
    }

    private static byte[] webpVp8xHuge() {
        ByteBuffer webp = ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        webp.put(ascii("RIFF")).putInt(22).put(ascii("WEBP")).put(ascii("VP8X")).putInt(10);
        webp.put(new byte[4]).put(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
        return webp.array();
    }

    /** A zip local-file header: appended to a JPEG, the file is also a valid-looking archive. */
    private static byte[] zipHeader() {
        return Arrays.copyOf(bytes(0x50, 0x4B, 0x03, 0x04, 0x14), 30);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
