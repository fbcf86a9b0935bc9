import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.scrapbook.similar.PictureHash;
import dev.scrapbook.thumbnail.engine.Box;
import dev.scrapbook.thumbnail.engine.JavaThumbnailEngine;
import dev.scrapbook.thumbnail.engine.Rendition;
import dev.scrapbook.thumbnail.engine.ThumbnailEngine;
import dev.scrapbook.thumbnail.engine.VipsThumbnailEngine;

/**
 * Precision and recall of "same picture" by the picture hash of the grid thumbnail, as the thumbnail function
 * computes it (libvips engine, fits 400x400, then PictureHash): difference-hash bits at most d apart and mean
 * colours at most c apart in every channel. Run by bench/similar/run.sh:
 * {@code java SimilarBench.java <variants-folder> <same-pictures.txt>}, where the folder holds one sub-folder per
 * picture with its files ({@code original.*} and the variants).
 *
 * <p>A pair of files is positive when both show one picture (one sub-folder, or sub-folders named on one line of
 * same-pictures.txt), negative otherwise. Pictures are split in two halves (alternately in name order, a group
 * of same pictures staying together): the thresholds (d, c) with the best F1 on the tuning half are the ones
 * reported on the held-out half, whose pairs played no part in choosing them. The hash alone (c = 255) is shown
 * beside them, as the baseline the colour check has to beat.
 */
public class SimilarBench {

    record Hashed(String picture, String group, String variant, PictureHash hash) {
    }

    record Counts(long truePositives, long falseNegatives, long falsePositives, long trueNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return (double) truePositives / (truePositives + falseNegatives);
        }

        double f1() {
            return 2 * precision() * recall() / (precision() + recall());
        }
    }

    private static final int MAX_DISTANCE = 20;
    /**
     * The largest distance ImageHashes' band lookup answers with a radius of 2 bits a band (4 r + 3): beyond it the
     * lookup grows to thousands of index probes a query, so thresholds are chosen within it.
     */
    private static final int LOOKUP_REACH = 11;
    private static final int[] COLOR_STEPS = {4, 8, 12, 16, 24, 32, 255};
    private static final int NO_COLOR_CHECK = 255;

    public static void main(String[] args) throws Exception {
        Path variants = Path.of(args[0]);
        Map<String, String> groups = groups(Path.of(args[1]));
        ThumbnailEngine engine = VipsThumbnailEngine.load(JavaThumbnailEngine.DEFAULT_MAX_PIXELS).orElseThrow();
        List<Hashed> all = hashAll(engine, variants, groups);

        List<String> names = all.stream().map(Hashed::group).distinct().sorted().toList();
        List<Hashed> tuning = all.stream().filter(h -> names.indexOf(h.group()) % 2 == 0).toList();
        List<Hashed> heldOut = all.stream().filter(h -> names.indexOf(h.group()) % 2 == 1).toList();
        System.out.printf("%d files of %d pictures (%d groups): tuning %d files, held-out %d files; engine %s%n%n",
                all.size(), all.stream().map(Hashed::picture).distinct().count(), names.size(), tuning.size(),
                heldOut.size(), engine.name());

        int chosenDistance = 0;
        int chosenStep = NO_COLOR_CHECK;
        double best = -1;
        for (int step : COLOR_STEPS) {
            Counts[] counts = countByDistance(tuning, step);
            for (int d = 0; d <= LOOKUP_REACH; d++) {
                if (counts[d].f1() > best) {
                    best = counts[d].f1();
                    chosenDistance = d;
                    chosenStep = step;
                }
            }
        }
        int threshold = chosenDistance;
        int step = chosenStep;
        Counts[] tuningCounts = countByDistance(tuning, step);
        Counts[] heldOutCounts = countByDistance(heldOut, step);
        Counts[] tuningAlone = countByDistance(tuning, NO_COLOR_CHECK);
        Counts[] heldOutAlone = countByDistance(heldOut, NO_COLOR_CHECK);
        System.out.printf("%-4s | %-40s | %-40s | %-40s%n", "d", "hash alone, held-out: TP FP FN  P  R",
                "c <= " + step + ", tuning: TP FP FN  P  R", "c <= " + step + ", held-out: TP FP FN  P  R");
        for (int d = 0; d <= MAX_DISTANCE; d++) {
            System.out.printf("%-4s | %s | %s | %s%n", d + (d == threshold ? "*" : ""), row(heldOutAlone[d]),
                    row(tuningCounts[d]), row(heldOutCounts[d]));
        }
        int aloneBest = 0;
        for (int d = 0; d <= LOOKUP_REACH; d++) {
            aloneBest = tuningAlone[d].f1() > tuningAlone[aloneBest].f1() ? d : aloneBest;
        }
        Counts result = heldOutCounts[threshold];
        Counts alone = heldOutAlone[aloneBest];
        System.out.printf("%nthresholds chosen on the tuning half (best F1 over d 0-%d and c in %s): d <= %d, c <= %d%n",
                LOOKUP_REACH, Arrays.toString(COLOR_STEPS), threshold, step);
        System.out.printf("held-out: precision %.4f (%d of %d matches right), recall %.4f (%d of %d same-picture pairs found)%n",
                result.precision(), result.truePositives(), result.truePositives() + result.falsePositives(),
                result.recall(), result.truePositives(), result.truePositives() + result.falseNegatives());
        System.out.printf("baseline, the hash alone at its own best d <= %d: held-out precision %.4f, recall %.4f%n",
                aloneBest, alone.precision(), alone.recall());

        System.out.printf("%nby variant, original against it, all pictures: found at d <= %d and c <= %d; distance median / max%n",
                threshold, step);
        Map<String, List<Integer>> byVariant = new TreeMap<>();
        Map<String, PictureHash> originals = new HashMap<>();
        Map<String, List<Boolean>> foundByVariant = new TreeMap<>();
        all.stream().filter(h -> h.variant().equals("original")).forEach(h -> originals.put(h.picture(), h.hash()));
        for (Hashed h : all) {
            if (!h.variant().equals("original")) {
                PictureHash original = originals.get(h.picture());
                byVariant.computeIfAbsent(h.variant(), v -> new ArrayList<>()).add(original.distance(h.hash()));
                foundByVariant.computeIfAbsent(h.variant(), v -> new ArrayList<>())
                        .add(same(original, h.hash(), threshold, step));
            }
        }
        for (var entry : byVariant.entrySet()) {
            List<Integer> distances = entry.getValue().stream().sorted().toList();
            long found = foundByVariant.get(entry.getKey()).stream().filter(b -> b).count();
            System.out.printf("  %-8s %3d/%-3d found  median %2d  max %2d%n", entry.getKey(), found, distances.size(),
                    distances.get(distances.size() / 2), distances.getLast());
        }

        List<Integer> different = new ArrayList<>();
        List<String> confused = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Hashed a = all.get(i);
                Hashed b = all.get(j);
                if (!a.group().equals(b.group())) {
                    int d = a.hash().distance(b.hash());
                    different.add(d);
                    if (same(a.hash(), b.hash(), threshold, step)) {
                        confused.add("%s/%s ~ %s/%s (%d)".formatted(a.picture(), a.variant(), b.picture(), b.variant(), d));
                    }
                }
            }
        }
        different.sort(null);
        System.out.printf("%ndifferent pictures, all pairs: distance min %d, 0.1%% %d, 1%% %d, median %d%n", different.getFirst(),
                different.get(different.size() / 1000), different.get(different.size() / 100), different.get(different.size() / 2));
        Map<String, Long> confusedPictures = new TreeMap<>();
        for (String pair : confused) {
            String pictures = pair.replaceAll("/[^ ]+ ~ ", " ~ ").replaceAll("/[^ ]+ \\(.*", "");
            confusedPictures.merge(pictures, 1L, Long::sum);
        }
        System.out.printf("pictures confused at d <= %d, c <= %d (file pairs): %s%n", threshold, step,
                confusedPictures.isEmpty() ? "none" : "");
        confusedPictures.forEach((pair, count) -> System.out.printf("  %s (%d)%n", pair, count));
    }

    private static String row(Counts c) {
        return "%6d %6d %6d  %9.4f %6.4f   ".formatted(c.truePositives(), c.falsePositives(), c.falseNegatives(),
                c.precision(), c.recall());
    }

    private static boolean same(PictureHash a, PictureHash b, int distance, int step) {
        return a.distance(b) <= distance && a.colorStep(b) <= step;
    }

    /** Counts at every distance 0..MAX_DISTANCE, pairs whose colours are more than {@code step} apart never matching. */
    private static Counts[] countByDistance(List<Hashed> files, int step) {
        long[] same = new long[65];
        long[] different = new long[65];
        for (int i = 0; i < files.size(); i++) {
            for (int j = i + 1; j < files.size(); j++) {
                PictureHash a = files.get(i).hash();
                PictureHash b = files.get(j).hash();
                boolean oneColor = a.colorStep(b) <= step;
                int d = oneColor ? a.distance(b) : 64;
                (files.get(i).group().equals(files.get(j).group()) ? same : different)[d]++;
            }
        }
        long allSame = Arrays.stream(same).sum();
        long allDifferent = Arrays.stream(different).sum();
        Counts[] counts = new Counts[MAX_DISTANCE + 1];
        long tp = 0;
        long fp = 0;
        for (int d = 0; d <= MAX_DISTANCE; d++) {
            tp += same[d];
            fp += different[d];
            counts[d] = new Counts(tp, allSame - tp, fp, allDifferent - fp);
        }
        return counts;
    }

    private static List<Hashed> hashAll(ThumbnailEngine engine, Path variants, Map<String, String> groups) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(variants)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Hashed> hashed = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Hashed>> work = new ArrayList<>();
            for (Path file : files) {
                work.add(pool.submit(() -> {
                    Rendition grid = engine.render(Files.readAllBytes(file), List.of(new Box(400, 400))).getFirst();
                    String picture = file.getParent().getFileName().toString();
                    String variant = file.getFileName().toString().replaceAll("\\.[^.]+$", "");
                    PictureHash hash = PictureHash.of(grid.bytes()).orElseThrow();
                    return new Hashed(picture, groups.getOrDefault(picture, picture), variant, hash);
                }));
            }
            for (Future<Hashed> done : work) {
                hashed.add(done.get());
            }
        }
        return hashed;
    }

    /** picture -> group: the first name of its line in same-pictures.txt. */
    private static Map<String, String> groups(Path file) throws Exception {
        Map<String, String> groups = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] pictures = line.trim().split("\\s+");
            for (String picture : pictures) {
                groups.put(picture, pictures[0]);
            }
        }
        return groups;
    }
}
