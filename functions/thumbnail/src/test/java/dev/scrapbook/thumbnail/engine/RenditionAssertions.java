package dev.scrapbook.thumbnail.engine;

import static dev.scrapbook.thumbnail.engine.TestImages.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Checks on renditions; positions are fractions of the width and height. */
final class RenditionAssertions {

    static final int COLOUR_TOLERANCE = 48;

    private RenditionAssertions() {
    }

    static void assertSize(Rendition rendition, int width, int height) {
        assertThat(rendition.width()).as("width of %s", rendition).isEqualTo(width);
        assertThat(rendition.height()).as("height of %s", rendition).isEqualTo(height);
        BufferedImage decoded = decode(rendition);
        assertThat(decoded.getWidth()).as("encoded width").isEqualTo(width);
        assertThat(decoded.getHeight()).as("encoded height").isEqualTo(height);
    }

    static void assertQuadrants(BufferedImage image, Color topLeft, Color topRight, Color bottomLeft, Color bottomRight) {
        assertColour(image, 0.25, 0.25, topLeft, COLOUR_TOLERANCE);
        assertColour(image, 0.75, 0.25, topRight, COLOUR_TOLERANCE);
        assertColour(image, 0.25, 0.75, bottomLeft, COLOUR_TOLERANCE);
        assertColour(image, 0.75, 0.75, bottomRight, COLOUR_TOLERANCE);
    }

    static void assertColour(BufferedImage image, double fractionX, double fractionY, Color expected, int tolerance) {
        Color actual = new Color(pixelAt(image, fractionX, fractionY), true);
        String where = "colour at (%.2f, %.2f): %s".formatted(fractionX, fractionY, actual);
        assertThat(actual.getRed()).as(where).isCloseTo(expected.getRed(), within(tolerance));
        assertThat(actual.getGreen()).as(where).isCloseTo(expected.getGreen(), within(tolerance));
        assertThat(actual.getBlue()).as(where).isCloseTo(expected.getBlue(), within(tolerance));
    }

    /** Same hue within 30 degrees and clearly saturated: the colour family, whatever the colour management. */
    static void assertHue(BufferedImage image, double fractionX, double fractionY, Color expected) {
        Color actual = new Color(pixelAt(image, fractionX, fractionY), true);
        float[] hsb = Color.RGBtoHSB(actual.getRed(), actual.getGreen(), actual.getBlue(), null);
        float expectedHue = Color.RGBtoHSB(expected.getRed(), expected.getGreen(), expected.getBlue(), null)[0];
        double degreesApart = Math.abs(hsb[0] - expectedHue) * 360;
        String where = "colour at (%.2f, %.2f): %s".formatted(fractionX, fractionY, actual);
        assertThat(Math.min(degreesApart, 360 - degreesApart)).as(where).isLessThan(30);
        assertThat(hsb[1]).as("saturation of " + where).isGreaterThan(0.6f);
    }

    static int alphaAt(BufferedImage image, double fractionX, double fractionY) {
        return pixelAt(image, fractionX, fractionY) >>> 24;
    }

    private static int pixelAt(BufferedImage image, double fractionX, double fractionY) {
        return image.getRGB((int) (image.getWidth() * fractionX), (int) (image.getHeight() * fractionY));
    }
}
