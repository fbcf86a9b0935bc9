import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.scrapbook.thumbnail.engine.Box;
import dev.scrapbook.thumbnail.engine.JavaThumbnailEngine;
import dev.scrapbook.thumbnail.engine.ThumbnailEngine;
import dev.scrapbook.thumbnail.engine.VipsThumbnailEngine;

/**
 * One engine of the thumbnail function on real photographs: the preview (fits 1600x1600) and the grid
 * thumbnail (fits 400x400) of each photo, as the function makes them. Prints one line per thread count:
 * {@code engine threads images/s cpu-s/image}, medians of the trials, then the JVM's peak RSS.
 *
 * <p>Run by bench/thumbnails/run.sh (single-file source launch on the thumbnail module's classpath):
 * {@code java EngineBench.java <libvips|java> <rounds> <trials> <photo>...}
 */
public class EngineBench {

    private static final List<Box> BOXES = List.of(new Box(1600, 1600), new Box(400, 400));

    public static void main(String[] args) throws Exception {
        ThumbnailEngine engine = switch (args[0]) {
            case "libvips" -> VipsThumbnailEngine.load(JavaThumbnailEngine.DEFAULT_MAX_PIXELS).orElseThrow();
            case "java" -> new JavaThumbnailEngine();
            default -> throw new IllegalArgumentException("engine: libvips or java");
        };
        int rounds = Integer.parseInt(args[1]);
        int trials = Integer.parseInt(args[2]);
        List<byte[]> photos = new ArrayList<>();
        for (String path : Arrays.asList(args).subList(3, args.length)) {
            photos.add(Files.readAllBytes(Path.of(path)));
        }
        run(engine, photos, 1, 1); // warm-up: JIT, libvips' first use
        for (int threads : new int[] {1, 2}) {
            double[] perSecond = new double[trials];
            double[] cpuPerImage = new double[trials];
            for (int trial = 0; trial < trials; trial++) {
                double[] result = run(engine, photos, rounds, threads);
                perSecond[trial] = result[0];
                cpuPerImage[trial] = result[1];
            }
            System.out.printf("%s\t%d\t%.3f\t%.4f%n", engine.name(), threads, median(perSecond), median(cpuPerImage));
        }
        System.out.printf("%s\tpeak-rss-mb\t%d%n", engine.name(), peakRssKb() / 1024);
    }

    /** @return images per second (wall clock) and CPU-seconds of the whole process per image */
    private static double[] run(ThumbnailEngine engine, List<byte[]> photos, int rounds, int threads) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int images = photos.size() * rounds;
        long cpuBefore = os.getProcessCpuTime();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                byte[] photo = photos.get(i % photos.size());
                work.add(pool.submit(() -> engine.render(photo, BOXES)));
            }
            for (Future<?> done : work) {
                done.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        return new double[] {images / seconds, cpuSeconds / images};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
