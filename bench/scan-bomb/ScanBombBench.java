import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.scrapbook.testing.ProgressiveJpegs;
import dev.scrapbook.thumbnail.engine.Box;
import dev.scrapbook.thumbnail.engine.JavaThumbnailEngine;
import dev.scrapbook.thumbnail.engine.ThumbnailEngine;
import dev.scrapbook.thumbnail.engine.UndecodableImageException;
import dev.scrapbook.thumbnail.engine.VipsThumbnailEngine;

/**
 * One render of the thumbnail function's libvips engine on a 10000x10000 progressive greyscale JPEG with the
 * given number of scans (883: the scan bomb), in a JVM of its own so that its peak RSS is this render's.
 * Prints {@code scans cpu-s rss-growth-mb outcome}: CPU-seconds of the whole process during the render (libvips
 * may use threads of its own) and how far the peak RSS rose above the RSS before it.
 *
 * <p>Run by bench/scan-bomb/run.sh: {@code java ScanBombBench.java render <scans>}, or
 * {@code java ScanBombBench.java write <scans> <file>} to write the JPEG for vipsthumbnail.
 */
public class ScanBombBench {

    private static final int SIDE = 10_000;

    public static void main(String[] args) throws Exception {
        int scans = Integer.parseInt(args[1]);
        byte[] jpeg = ProgressiveJpegs.greyscale(SIDE, SIDE, scans);
        if (args[0].equals("write")) {
            Files.write(Path.of(args[2]), jpeg);
            return;
        }
        ThumbnailEngine engine = VipsThumbnailEngine.load(JavaThumbnailEngine.DEFAULT_MAX_PIXELS).orElseThrow();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long rssBefore = statusKb("VmRSS");
        long cpuBefore = os.getProcessCpuTime();
        String outcome;
        try {
            outcome = "rendered " + engine.render(jpeg, List.of(new Box(1600, 1600), new Box(400, 400))).size();
        } catch (UndecodableImageException refused) {
            outcome = "refused: " + refused.getMessage();
        }
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        System.out.printf("%d\t%.3f\t%d\t%s%n", scans, cpuSeconds, (statusKb("VmHWM") - rssBefore) / 1024, outcome);
    }

    private static long statusKb(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/self/status");
    }
}
