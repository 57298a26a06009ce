package org.descry.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.descry.data.FloatMatrix;
import org.descry.describe.CaseFiles;
import org.descry.describe.ColorDescriptor;
import org.descry.describe.Descriptors;
import org.descry.describe.ZipDescriber;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One 300-image case, checked for layout, for labels that match what the images show, and for its outliers. */
class CaseGeneratorTest {

    private static final int IMAGES = 300;

    @TempDir
    static Path tmp;

    static Path dir;
    static List<String[]> labels;
    static Map<String, FloatMatrix> sets;
    static List<Long> progress = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        dir = tmp.resolve("case");
        CaseGenerator.Summary s = new CaseGenerator(CaseGenerator.Config.defaults(42, IMAGES).withThreads(2))
                .generate(dir, (done, total) -> progress.add(done * 100_000 + total));
        assertEquals(IMAGES, s.images());
        labels = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve(CaseFiles.LABELS), StandardCharsets.UTF_8);
        assertEquals("paths,item,type,colour,view,outlier", lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(6, f.length, line);
            labels.add(f);
        }
        Path zip = dir.resolve("row_data/demo.zip");
        sets = new ZipDescriber(Descriptors.standard(), 2).describe(zip, (d, t) -> { }, w -> { }).sets();
    }

    private static boolean inlier(int row) {
        return labels.get(row)[5].isEmpty();
    }

    @Test
    void layoutMirrorsTheReferenceCase() throws IOException {
        List<String> paths = Files.readAllLines(dir.resolve(CaseFiles.IMAGES_PATHS));
        assertEquals("paths", paths.getFirst());
        assertEquals(IMAGES, paths.size() - 1);
        assertEquals(IMAGES, labels.size());
        try (ZipFile zip = new ZipFile(dir.resolve("row_data/demo.zip").toFile())) {
            List<? extends ZipEntry> entries = zip.stream().toList();
            assertEquals(IMAGES, entries.size());
            for (int i = 0; i < IMAGES; i++) {
                ZipEntry e = entries.get(i);
                assertEquals(paths.get(i + 1), e.getName().replace('/', '\\'));
                assertEquals(paths.get(i + 1), labels.get(i)[0]);
                assertTrue(e.getName().matches("demo/([1-9]|10)/\\d{5}/" + String.format("%06d", i + 1) + "\\.jpg"),
                        e.getName());
                assertEquals(Integer.parseInt(e.getName().split("/")[2]), Integer.parseInt(labels.get(i)[1]));
                assertEquals(ZipEntry.STORED, e.getMethod());
                assertEquals(LocalDateTime.of(2025, 1, 1, 0, 0), e.getTimeLocal());
            }
        }
        for (String name : Descriptors.NAMES) {
            assertEquals(IMAGES, sets.get(name).rows(), name);
            assertTrue(Files.size(dir.resolve("descriptors/" + name + ".pickle")) > 4L * IMAGES * sets.get(name).cols());
        }
        assertEquals((long) IMAGES * 100_000 + IMAGES, progress.getLast());
    }

    @Test
    void descriptorsAreThoseOfTheWrittenJpegs() throws IOException {
        Path again = tmp.resolve("redescribed");
        new ZipDescriber(Descriptors.standard(), 1).writeCase(dir.resolve("row_data/demo.zip"), again,
                (d, t) -> { }, w -> { });
        for (String name : Descriptors.NAMES) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("descriptors/" + name + ".pickle")),
                    Files.readAllBytes(again.resolve("descriptors/" + name + ".pickle")), name);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve(CaseFiles.IMAGES_PATHS)),
                Files.readAllBytes(again.resolve(CaseFiles.IMAGES_PATHS)));
    }

    @Test
    void itemsAreOneVehicleShotThreeToFiveTimesAndFoldersAreContiguous() {
        Map<String, List<Integer>> rowsByItem = new HashMap<>();
        for (int i = 0; i < IMAGES; i++) {
            rowsByItem.computeIfAbsent(labels.get(i)[1], k -> new ArrayList<>()).add(i);
        }
        int lastFolder = 1;
        int lastItem = 0;
        for (int i = 0; i < IMAGES; i++) {
            String[] f = labels.get(i);
            int item = Integer.parseInt(f[1]);
            assertTrue(item == lastItem || item == lastItem + 1, "items numbered in order at row " + i);
            lastItem = item;
            int folder = Integer.parseInt(f[0].split("\\\\")[1]);
            assertTrue(folder == lastFolder || folder == lastFolder + 1, "folders in order at row " + i);
            lastFolder = folder;
        }
        assertEquals(10, lastFolder);
        for (List<Integer> rows : rowsByItem.values()) {
            String[] first = labels.get(rows.getFirst());
            if (!first[5].isEmpty()) {
                assertEquals(1, rows.size(), "a bad image is an item of its own");
                continue;
            }
            boolean lastItemOfCase = rows.getLast() == IMAGES - 1;
            assertTrue(rows.size() >= 3 && rows.size() <= 5 || lastItemOfCase, "shots " + rows.size());
            for (int r : rows) {
                for (int k = 2; k <= 4; k++) {
                    assertEquals(first[k], labels.get(r)[k], "item " + first[1] + " column " + k);
                }
            }
        }
    }

    /**
     * An absolute check, nothing learned: the paint nearest to the dominant colour is the labelled one for most
     * vehicles. Not all: a grey vehicle on grey asphalt or in shade can read as black, a white one in dull light
     * as grey (on 5,000 images about 80% match).
     */
    @Test
    void labelledColourIsMostlyTheNearestPaintToTheDominantColour() {
        int inliers = 0;
        int hits = 0;
        FloatMatrix color = sets.get("color");
        for (int i = 0; i < IMAGES; i++) {
            if (!inlier(i)) {
                continue;
            }
            inliers++;
            VehicleColour best = null;
            double bestD = Double.MAX_VALUE;
            for (VehicleColour c : VehicleColour.values()) {
                double d = 0;
                for (int k = 0; k < 3; k++) {
                    double nominal = ((c.rgb() >> (16 - 8 * k)) & 0xff) / 255.0;
                    double diff = color.get(i, ColorDescriptor.DOMINANT_RGB + k) - nominal;
                    d += diff * diff;
                }
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            if (best.label().equals(labels.get(i)[3])) {
                hits++;
            }
        }
        assertTrue(hits >= 0.7 * inliers, hits + " of " + inliers + " inliers");
    }

    /** Nearest centroid on a descriptor, trained on the items with odd numbers, tested on the even ones. */
    private static double nearestCentroidAccuracy(String descriptor, int column) {
        FloatMatrix m = sets.get(descriptor);
        int cols = m.cols();
        Map<String, float[]> sums = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        float[] row = new float[cols];
        for (int i = 0; i < IMAGES; i++) {
            if (inlier(i) && Integer.parseInt(labels.get(i)[1]) % 2 == 1) {
                m.copyRow(i, row, 0);
                float[] s = sums.computeIfAbsent(labels.get(i)[column], k -> new float[cols]);
                for (int c = 0; c < cols; c++) {
                    s[c] += row[c];
                }
                counts.merge(labels.get(i)[column], 1, Integer::sum);
            }
        }
        int tested = 0;
        int hits = 0;
        for (int i = 0; i < IMAGES; i++) {
            if (!inlier(i) || Integer.parseInt(labels.get(i)[1]) % 2 == 1) {
                continue;
            }
            m.copyRow(i, row, 0);
            String best = null;
            double bestD = Double.MAX_VALUE;
            for (Map.Entry<String, float[]> e : sums.entrySet()) {
                int n = counts.get(e.getKey());
                double d = 0;
                for (int c = 0; c < cols; c++) {
                    double diff = row[c] - e.getValue()[c] / n;
                    d += diff * diff;
                }
                if (d < bestD) {
                    bestD = d;
                    best = e.getKey();
                }
            }
            tested++;
            if (best.equals(labels.get(i)[column])) {
                hits++;
            }
        }
        return (double) hits / tested;
    }

    /** k nearest neighbours (Euclidean, majority vote), trained on the odd items, tested on the even ones. */
    private static double nearestNeighboursAccuracy(String descriptor, int column, int k) {
        FloatMatrix m = sets.get(descriptor);
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            if (inlier(i) && Integer.parseInt(labels.get(i)[1]) % 2 == 1) {
                train.add(i);
            }
        }
        int tested = 0;
        int hits = 0;
        for (int i = 0; i < IMAGES; i++) {
            if (!inlier(i) || Integer.parseInt(labels.get(i)[1]) % 2 == 1) {
                continue;
            }
            float[] q = m.rowArray(i);
            double[] dist = new double[train.size()];
            for (int t = 0; t < train.size(); t++) {
                float[] r = m.rowArray(train.get(t));
                for (int c = 0; c < q.length; c++) {
                    dist[t] += (q[c] - r[c]) * (q[c] - r[c]);
                }
            }
            Integer[] order = new Integer[train.size()];
            for (int t = 0; t < order.length; t++) {
                order[t] = t;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
            Map<String, Integer> votes = new HashMap<>();
            for (int t = 0; t < k; t++) {
                votes.merge(labels.get(train.get(order[t]))[column], 1, Integer::sum);
            }
            String best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            tested++;
            if (best.equals(labels.get(i)[column])) {
                hits++;
            }
        }
        return (double) hits / tested;
    }

    @Test
    void colourDescriptorRecoversColour() {
        double colour = nearestCentroidAccuracy("color", 3);
        assertTrue(colour >= 0.9, "colour accuracy " + colour);
    }

    @Test
    void hogRecoversTypeAndViewButNotColour() {
        double type = nearestNeighboursAccuracy("hog", 2, 5);
        double view = nearestNeighboursAccuracy("hog", 4, 5);
        double colour = nearestNeighboursAccuracy("hog", 3, 5);
        assertTrue(type > 3.0 / BodyType.values().length, "type accuracy " + type);
        assertTrue(view > 0.65, "view accuracy " + view);
        assertTrue(colour < type, "hog knows colour (" + colour + ") better than type (" + type + ")");
    }

    @Test
    void outliersAreAboutThreePercentOfEveryKindAndLookTheirKind() {
        Set<OutlierKind> kinds = EnumSet.noneOf(OutlierKind.class);
        Map<String, OutlierKind> byLabel = new HashMap<>();
        for (OutlierKind k : OutlierKind.values()) {
            byLabel.put(k.label(), k);
        }
        FloatMatrix pixels = sets.get("pixels");
        List<Double> inlierMeans = new ArrayList<>();
        List<Double> inlierSharpness = new ArrayList<>();
        int outliers = 0;
        for (int i = 0; i < IMAGES; i++) {
            float[] p = pixels.rowArray(i);
            if (inlier(i)) {
                assertTrue(!labels.get(i)[2].isEmpty() && !labels.get(i)[3].isEmpty() && !labels.get(i)[4].isEmpty());
                inlierMeans.add(mean(p));
                inlierSharpness.add(sharpness(p));
                continue;
            }
            outliers++;
            assertEquals("", labels.get(i)[2] + labels.get(i)[3] + labels.get(i)[4]);
            kinds.add(byLabel.get(labels.get(i)[5]));
        }
        assertEquals(EnumSet.allOf(OutlierKind.class), kinds);
        assertTrue(outliers >= 6 && outliers <= 12, outliers + " outliers");
        double darkestInlier = inlierMeans.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double sharpest = inlierSharpness.stream().sorted().toList().get(inlierSharpness.size() / 20);
        for (int i = 0; i < IMAGES; i++) {
            if (inlier(i)) {
                continue;
            }
            float[] p = pixels.rowArray(i);
            switch (byLabel.get(labels.get(i)[5])) {
                case DARK -> assertTrue(mean(p) < 0.12 && mean(p) < darkestInlier / 2, "dark row " + i + ": " + mean(p));
                case BLUR -> assertTrue(sharpness(p) < sharpest, "blurred row " + i + ": " + sharpness(p));
                case GLARE -> assertTrue(fractionAbove(p, 0.97f) > 0.03, "glare row " + i + ": " + fractionAbove(p, 0.97f));
                case EMPTY, FOREIGN, SCRAMBLED -> {
                }
            }
        }
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Mean absolute difference of horizontal neighbours of the 32 x 32 grey thumbnail. */
    private static double sharpness(float[] v) {
        double s = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 1; x < 32; x++) {
                s += Math.abs(v[y * 32 + x] - v[y * 32 + x - 1]);
            }
        }
        return s / (32 * 31);
    }

    private static double fractionAbove(float[] v, float level) {
        int n = 0;
        for (float x : v) {
            if (x > level) {
                n++;
            }
        }
        return (double) n / v.length;
    }

    @Test
    void pythonNumpyReadsThePickles() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process check = new ProcessBuilder(python.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        Assumptions.assumeTrue(check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0, "no numpy");
        String script = "import pickle,sys\nfor n in sys.argv[2:]:\n"
                + "    a = pickle.load(open(sys.argv[1] + '/descriptors/' + n + '.pickle', 'rb'))\n"
                + "    print(n, a.dtype, a.shape[0], a.shape[1], repr(float(a[7].astype('float64').sum())))\n";
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c", script, dir.toString()));
        cmd.addAll(Descriptors.NAMES);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Set<String> seen = new HashSet<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            FloatMatrix m = sets.get(f[0]);
            assertEquals("float32", f[1], line);
            assertEquals(IMAGES, Integer.parseInt(f[2]), line);
            assertEquals(m.cols(), Integer.parseInt(f[3]), line);
            double sum = 0;
            for (float v : m.rowArray(7)) {
                sum += v;
            }
            assertEquals(sum, Double.parseDouble(f[4]), 1e-9 * Math.max(1, Math.abs(sum)), line);
            seen.add(f[0]);
        }
        assertEquals(Set.copyOf(Descriptors.NAMES), seen);
    }

    @Test
    void configIsValidatedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CaseGenerator.Config(1, 0, 10, 96, 64, 0.03, 80, 1));
        assertTrue(e.getMessage().startsWith("images") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CaseGenerator.Config(1, 10, 10, 96, 64, 0.9, 80, 1));
        assertTrue(e.getMessage().startsWith("outlierRate") && e.getMessage().contains("0.9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CaseGenerator.Config.defaults(1, 10).withThreads(0));
        assertTrue(e.getMessage().startsWith("threads"), e.getMessage());
    }
}
