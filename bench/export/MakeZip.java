import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

/**
 * A zip of COUNT distinct small JPEGs (96x64, about 2-3 KB each), for bench/export to load a gallery through
 * POST /api/account/import. Usage: java MakeZip.java OUT.zip COUNT SEED
 */
public class MakeZip {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int seed = Integer.parseInt(args[2]);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out)); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(0);
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("photos/photo-" + i + ".jpg"));
                zip.write(jpeg(seed * 1_000_003 + i));
                zip.closeEntry();
            }
        }
    }

    private static byte[] jpeg(int seed) throws Exception {
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(random.nextInt(1 << 24)));
            g.fillOval(random.nextInt(96), random.nextInt(64), 1 + random.nextInt(48), 1 + random.nextInt(32));
        }
        g.dispose();
        image.setRGB(0, 0, seed & 0xFFFFFF);
        image.setRGB(1, 0, (seed >>> 24) & 0xFF);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", bytes);
        return bytes.toByteArray();
    }
}
