package org.descry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.descry.data.Case;
import org.descry.data.ColumnStats;
import org.descry.data.FloatMatrix;
import org.descry.data.NonFiniteRows;
import org.descry.io.ImageArchive;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code descry info PATH}: what a case folder or a numpy file holds, checked. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describes and checks a case folder or one numpy file.",
                "A case folder or one numpy file (.pickle, .npy, .npz) is checked: "
                + "per descriptor set its rows, width, dtype, file size, NaN/Inf rows and column statistics; "
                + "for a case also the image count and that the first, middle and last images exist."})
final class InfoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", description = "A case folder or a numpy file.")
    Path path;

    @Option(names = "--json", description = "Print the facts as JSON.")
    boolean json;

    @picocli.CommandLine.Mixin
    CaseOptions caseOptions = new CaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Object facts;
        if (Files.isDirectory(path)) {
            facts = caseFacts(err);
        } else {
            facts = fileFacts(path, NumpyReader.read(path), null, err);
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(facts));
        } else {
            printText(out, facts);
        }
        return 0;
    }

    private Map<String, Object> caseFacts(PrintWriter err) throws IOException {
        try (Case c = caseOptions.open(path, err)) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("case", c.dir().toString());
            facts.put("dropped_rows", c.droppedCount());
            List<Object> sets = new ArrayList<>();
            for (String name : c.descriptorNames()) {
                sets.add(fileFacts(c.descriptorFile(name), c.array(name), name, err));
            }
            facts.put("descriptors", sets);
            facts.put("images", c.rows());
            facts.put("zips", c.zipFiles().stream().map(Path::toString).toList());
            if (!c.zipFiles().isEmpty()) {
                ImageArchive a = c.images();
                facts.put("zip_entries", a.entryCount());
                List<String> paths = c.paths();
                Map<String, Object> checked = new LinkedHashMap<>();
                for (int r : new int[] {0, paths.size() / 2, paths.size() - 1}) {
                    String p = paths.get(r);
                    String entry = a.entryName(p);
                    if (entry == null) {
                        throw new org.descry.data.DescryException(a.files().getFirst() + ": no image '" + p
                                + "' (row " + r + " of images_paths.csv)");
                    }
                    var img = a.read(p);
                    checked.put(p, img.getWidth() + "x" + img.getHeight());
                }
                facts.put("images_checked", checked);
            }
            return facts;
        }
    }

    private Map<String, Object> fileFacts(Path file, NumpyArray a, String name, PrintWriter err) throws IOException {
        Map<String, Object> f = new LinkedHashMap<>();
        if (name != null) {
            f.put("name", name);
        }
        f.put("path", file.toString());
        f.put("shape", a.shape());
        f.put("dtype", a.dtype().numpyName());
        f.put("file_size", Files.size(file));
        var stats = a.stats();
        f.put("nan_count", stats.nanCount());
        f.put("inf_count", stats.infCount());
        f.put("sum", stats.sum());
        if (a.shape().length == 2 && a.shape()[0] > 0 && a.shape()[1] > 0) {
            try (ProgressBar bar = new ProgressBar("info " + file.getFileName(), err)) {
                FloatMatrix m = a.toFloatMatrix();
                f.put("nonfinite_rows", NonFiniteRows.find(m, bar).cardinality());
                ColumnStats cs = ColumnStats.of(m, bar);
                f.put("columns", summary(cs));
            }
        }
        return f;
    }

    /** Quartiles over columns of the column means and standard deviations. */
    private static Map<String, Object> summary(ColumnStats cs) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mean", quartiles(cs.mean()));
        s.put("std", quartiles(cs.std()));
        s.put("min", Arrays.stream(cs.min()).filter(Double::isFinite).min().orElse(Double.NaN));
        s.put("max", Arrays.stream(cs.max()).filter(Double::isFinite).max().orElse(Double.NaN));
        s.put("constant_columns", Arrays.stream(cs.std()).filter(v -> v == 0).count());
        return s;
    }

    private static double[] quartiles(double[] v) {
        double[] s = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (s.length == 0) {
            return new double[0];
        }
        return new double[] {s[0], s[(s.length - 1) / 4], s[(s.length - 1) / 2], s[3 * (s.length - 1) / 4], s[s.length - 1]};
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, Object facts) {
        Map<String, Object> m = (Map<String, Object>) facts;
        if (m.containsKey("descriptors")) {
            out.println("case " + m.get("case"));
            out.printf("  %,d images in images_paths.csv%s%n", (Integer) m.get("images"),
                    (Integer) m.get("dropped_rows") > 0 ? String.format(" in use (%,d rows with NaN/Inf left out)",
                            (Integer) m.get("dropped_rows")) : "");
            for (Object o : (List<Object>) m.get("descriptors")) {
                printFile(out, (Map<String, Object>) o);
            }
            if (m.containsKey("zip_entries")) {
                out.printf("  images: %,d files in %s%n", (Integer) m.get("zip_entries"), m.get("zips"));
                ((Map<String, Object>) m.get("images_checked")).forEach((p, size) ->
                        out.println("    found " + p + " (" + size + ")"));
            } else {
                out.println("  images: no zip under row_data/");
            }
        } else {
            printFile(out, m);
        }
    }

    @SuppressWarnings("unchecked")
    private static void printFile(PrintWriter out, Map<String, Object> f) {
        long[] shape = (long[]) f.get("shape");
        String title = f.containsKey("name") ? (String) f.get("name") : (String) f.get("path");
        out.printf("  %-12s %s  %s  %s  %s%n", title,
                shape.length == 2 ? String.format("%,d rows x %,d", shape[0], shape[1]) : Arrays.toString(shape),
                f.get("dtype"), bytes((Long) f.get("file_size")), f.get("path"));
        out.printf("               NaN %,d  Inf %,d  rows with NaN/Inf %s  sum %.6g%n", (Long) f.get("nan_count"),
                (Long) f.get("inf_count"), f.getOrDefault("nonfinite_rows", "-"), (Double) f.get("sum"));
        if (f.containsKey("columns")) {
            Map<String, Object> c = (Map<String, Object>) f.get("columns");
            out.printf("               column means %s; stds %s; values in [%.4g, %.4g]; %d constant columns%n",
                    range((double[]) c.get("mean")), range((double[]) c.get("std")), (Double) c.get("min"),
                    (Double) c.get("max"), (Long) c.get("constant_columns"));
        }
    }

    private static String range(double[] q) {
        return q.length == 0 ? "-" : String.format("%.3g..%.3g (median %.3g)", q[0], q[4], q[2]);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
