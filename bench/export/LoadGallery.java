import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

import javax.imageio.ImageIO;

/**
 * Loads a gallery of COUNT distinct small JPEGs (96x64, 2-3 KB) for bench/export the quick way: each original is
 * written where the local runtime's embedded S3 (S3Proxy, filesystem-nio2) keeps objects, ORIGINALS/OWNER/ID, and
 * its row is printed as CSV (id, sha256 hex, bytes) for psql's \copy. Saving 10,000 images through the API takes
 * half an hour on a busy machine; the export reads only what this writes.
 * Usage: java LoadGallery.java ORIGINALS_DIR OWNER COUNT SEED > rows.csv
 */
public class LoadGallery {

    public static void main(String[] args) throws Exception {
        Path owner = Files.createDirectories(Path.of(args[0]).resolve(args[1]));
        int count = Integer.parseInt(args[2]);
        int seed = Integer.parseInt(args[3]);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < count; i++) {
            byte[] jpeg = jpeg(seed * 1_000_003 + i);
            UUID id = UUID.randomUUID();
            Files.write(owner.resolve(id.toString()), jpeg);
            rows.append(id).append(',').append(HexFormat.of().formatHex(sha256.digest(jpeg))).append(',')
                    .append(jpeg.length).append('\n');
        }
        System.out.print(rows);
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
