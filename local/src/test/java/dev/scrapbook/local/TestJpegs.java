package dev.scrapbook.local;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

/** Photograph-sized JPEGs that differ by seed, and tiny PNGs that differ, so that no two saves dedupe into one. */
final class TestJpegs {

    private static final AtomicInteger SEEDS = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    private TestJpegs() {
    }

    /** A small JPEG unlike any other this run makes: thumbnailed in milliseconds. */
    static byte[] small() {
        return unique(SEEDS.incrementAndGet(), 96, 64);
    }

    /** A tiny mostly black PNG whose first and last pixels are random: unlike any other, for tests of rows, not pictures. */
    static byte[] uniquePng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, ThreadLocalRandom.current().nextInt(1 << 24));
        image.setRGB(width - 1, height - 1, ThreadLocalRandom.current().nextInt(1 << 24));
        return encoded(image, "png");
    }

    static byte[] unique(int seed, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        for (int i = 0; i < 24; i++) {
            g.setColor(new Color(random.nextInt(1 << 24)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width / 2), 1 + random.nextInt(height / 2));
        }
        g.dispose();
        image.setRGB(0, 0, seed & 0xFFFFFF);
        return encoded(image, "jpeg");
    }

    private static byte[] encoded(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
