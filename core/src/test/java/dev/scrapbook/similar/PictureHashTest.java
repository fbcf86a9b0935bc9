package dev.scrapbook.similar;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** The hash exactly as PictureHash's comment states it: gray, 9 x 8 box cells, bit order, transparency, colour. */
class PictureHashTest {

    @Test
    void setsABitWhereTheRightHandCellIsBrighter() {
        assertThat(PictureHash.of(gradient(90, 80, true)).difference()).isEqualTo(-1L);
        assertThat(PictureHash.of(gradient(90, 80, false)).difference()).isZero();
    }

    @Test
    void firstRowIsTheMostSignificantByte() {
        BufferedImage image = new BufferedImage(90, 80, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 90; x++) {
            for (int y = 0; y < 10; y++) {
                image.setRGB(x, y, gray(x * 2));
            }
        }
        assertThat(PictureHash.of(image).difference()).isEqualTo(0xFF00000000000000L);
    }

    @Test
    void weighsChannelsAsLuma() {
        // Pure blue (luma 29) then pure green (luma 150) then pure red (luma 76), cell by cell.
        BufferedImage image = new BufferedImage(9, 8, BufferedImage.TYPE_INT_RGB);
        int[] colours = {0x0000FF, 0x00FF00, 0xFF0000};
        for (int x = 0; x < 9; x++) {
            for (int y = 0; y < 8; y++) {
                image.setRGB(x, y, colours[x % 3]);
            }
        }
        // Per row: blue<green yes, green<red no, red<blue no, repeated: 10010010.
        long row = 0b10010010L;
        long expected = 0;
        for (int y = 0; y < 8; y++) {
            expected = expected << 8 | row;
        }
        assertThat(PictureHash.of(image).difference()).isEqualTo(expected);
    }

    @Test
    void laysTransparentPixelsOverWhite() {
        BufferedImage transparent = new BufferedImage(90, 80, BufferedImage.TYPE_INT_ARGB);
        BufferedImage white = new BufferedImage(90, 80, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 90; x++) {
            for (int y = 0; y < 80; y++) {
                boolean left = x < 45;
                transparent.setRGB(x, y, left ? 0x00000000 : 0xFF808080);
                white.setRGB(x, y, left ? 0xFFFFFF : 0x808080);
            }
        }
        assertThat(PictureHash.of(transparent)).isEqualTo(PictureHash.of(white));
        assertThat(PictureHash.of(white).difference()).isNotEqualTo(-1L);
    }

    @Test
    void averagesCellsThatCutPixels() {
        // 10 x 8 pixels into 9 cells: a bright single column straddles two cells, and both get a share of it.
        BufferedImage image = new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            image.setRGB(4, y, 0xFFFFFF);
        }
        // Cell 3 covers x in [3.33, 4.44), 0.44 of pixel 4; cell 4 covers [4.44, 5.56), 0.56 of it. So cell 2 is
        // darker than cell 3, cell 3 darker than cell 4, and no other cell is darker than its neighbour: 00110000.
        long expected = 0;
        for (int y = 0; y < 8; y++) {
            expected = expected << 8 | 0b00110000L;
        }
        assertThat(PictureHash.of(image).difference()).isEqualTo(expected);
    }

    @Test
    void readsEncodedImagesAndRefusesOtherBytes() throws IOException {
        BufferedImage image = gradient(200, 150, true);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        assertThat(PictureHash.of(png.toByteArray())).map(PictureHash::difference).contains(-1L);
        assertThat(PictureHash.of("not an image".getBytes())).isEmpty();
        assertThat(PictureHash.of(new byte[0])).isEmpty();
    }

    @Test
    void countsDifferingBitsAndTheLargestChannelStep() {
        assertThat(new PictureHash(0L, 0).distance(new PictureHash(-1L, 0))).isEqualTo(64);
        assertThat(new PictureHash(0b1011L, 0).distance(new PictureHash(0b0001L, 0))).isEqualTo(2);
        assertThat(new PictureHash(0, 0x102030).colorStep(new PictureHash(0, 0x0A2A30))).isEqualTo(10);
        assertThat(new PictureHash(0, 0xFF0000).colorStep(new PictureHash(0, 0x000000))).isEqualTo(255);
    }

    @Test
    void meanColourIsEachChannelsMean() {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 4; x++) {
            image.setRGB(x, 0, 0xFF0000);
            image.setRGB(x, 1, 0x0000FF);
        }
        assertThat(PictureHash.of(image).color()).isEqualTo(0x800080);
    }

    private static BufferedImage gradient(int width, int height, boolean brighterToTheRight) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < width; x++) {
            int level = 255 * x / (width - 1);
            g.setColor(new Color(gray(brighterToTheRight ? level : 255 - level)));
            g.drawLine(x, 0, x, height - 1);
        }
        g.dispose();
        return image;
    }

    private static int gray(int level) {
        return level << 16 | level << 8 | level;
    }
}
