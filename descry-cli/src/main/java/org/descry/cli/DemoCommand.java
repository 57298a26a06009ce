package org.descry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.descry.data.DescryException;
import org.descry.demo.CaseGenerator;
import org.descry.demo.ContactSheet;
import org.descry.io.AtomicWrite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code descry demo}: the whole product on a case Descry draws itself, with ground truth, for a newcomer who has
 * no data. Makes (or reuses) the case under the working directory, runs the main job on it, and says where the
 * results are and what to run next. Each later stage (study, labelling, web app) extends it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Shows Descry on a labelled demo case it draws itself.",
                "Makes a labelled demo case (or reuses it) under --dir, runs Descry on it and prints where "
                + "the results are and what to run next."})
final class DemoCommand implements Callable<Integer> {

    /** Written last into the case folder: a case without it is incomplete and is made again. */
    static final String MARKER = ".descry-demo";

    /** The demo's study grid: small enough to run in well under a minute on 5,000 images. */
    static final String DEMO_STUDY = """
            {
              "descriptors": ["*", "hog+color"],
              "algorithms": ["kmeans", "hdbscan"],
              "k_min": 2,
              "k_max": 12,
              "n_init": 3,
              "compare_scalers": ["standard", "l2"],
              "stability_repeats": 1,
              "grid_images": 12
            }
            """;

    @Option(names = "--dir", defaultValue = "descry-demo",
            description = "Folder for the demo case and results (default ./${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--images", defaultValue = "5000", description = "Images in the demo case (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    /** Runs {@code cluster} then {@code score}, failing the demo on any error; returns the score JSON. */
    private static JsonNode runJson(String[] cluster, String[] score) throws IOException {
        for (String[] args : new String[][] {cluster, score}) {
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            if (Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true)) != 0) {
                throw new DescryException("demo step 'descry " + args[0] + "' failed: " + e.toString().strip());
            }
            if (args == score) {
                return new ObjectMapper().readTree(o.toString());
            }
        }
        throw new IllegalStateException("unreachable");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path caseDir = dir.resolve("case");
        Path marker = caseDir.resolve(MARKER);
        String wanted = "images=" + images + " seed=" + seed + "\n";
        long t0 = System.nanoTime();
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(wanted)) {
            out.println("1. Reusing the demo case in " + caseDir + " (" + wanted.strip() + ")");
        } else {
            out.println("1. Drawing a demo case of " + String.format("%,d", images) + " road-camera images in " + caseDir);
            Files.deleteIfExists(marker);
            CaseGenerator.Summary s = MakeCaseCommand.make(caseDir,
                    CaseGenerator.Config.defaults(seed, images), err);
            AtomicWrite.writeString(marker, wanted);
            out.printf("   %,d images of %,d vehicles, %,d bad images, descriptor sets %s (%.1f s)%n", s.images(),
                    s.items(), s.outliers(), String.join(", ", s.descriptors()), (System.nanoTime() - t0) / 1e9);
        }

        Path sheet = dir.resolve("sample-images.png");
        int[] rows = IntStream.range(0, Math.min(images, 48)).map(i -> (int) ((long) i * images / Math.min(images, 48)))
                .toArray();
        ContactSheet.writeCaseRows(caseDir, rows, sheet, 8, 2);
        out.println("2. A sample of the images with their true labels: " + sheet);

        out.println("3. descry info " + caseDir);
        StringWriter info = new StringWriter();
        StringWriter infoErr = new StringWriter();
        int status = Main.run(new String[] {"info", caseDir.toString()}, new PrintWriter(info, true),
                new PrintWriter(infoErr, true));
        if (status != 0) {
            throw new DescryException("the demo case in " + caseDir + " did not pass its check: " + infoErr.toString().strip());
        }
        Path infoFile = dir.resolve("info.txt");
        AtomicWrite.writeString(infoFile, info.toString());
        info.toString().lines().forEach(l -> out.println("   " + l));
        StringWriter json = new StringWriter();
        Main.run(new String[] {"info", caseDir.toString(), "--json"}, new PrintWriter(json, true), new PrintWriter(infoErr));
        AtomicWrite.writeString(dir.resolve("info.json"), json.toString());

        out.println("4. Clustering each attribute's descriptor and scoring it against the truth:");
        String[][] runs = {{"color", "colour", "8"}, {"hog", "type", "7"}, {"hog", "view", "2"}};
        for (String[] run : runs) {
            Path csv = dir.resolve("clusters-" + run[0] + "-" + run[1] + ".csv");
            String[] cluster = {"cluster", caseDir.toString(), "--descriptor", run[0], "--k", run[2], "--seed",
                    Long.toString(seed), "--out", csv.toString()};
            String[] score = {"score", caseDir.toString(), "--descriptor", run[0], "--labels", csv.toString(),
                    "--scaler", "standard", "--pca", "0.9", "--truth", caseDir.resolve("labels.csv").toString(),
                    "--column", run[1], "--json"};
            out.println("   descry " + String.join(" ", cluster).replace(caseDir.toString(), "CASE"));
            JsonNode j = runJson(cluster, score);
            JsonNode e = j.get("external");
            JsonNode i = j.get("internal");
            out.printf("     %s from %s, k=%s: NMI %.3f, ARI %.3f, purity %.3f; Calinski-Harabasz %.1f, "
                            + "Davies-Bouldin %.3f%n", run[1], run[0], run[2], e.get("normalizedMutualInfo").asDouble(),
                    e.get("adjustedRandIndex").asDouble(), e.get("purity").asDouble(),
                    i.get("calinskiHarabasz").asDouble(), i.get("daviesBouldin").asDouble());
        }

        Path studyConfig = dir.resolve("study-config.json");
        AtomicWrite.writeString(studyConfig, DEMO_STUDY);
        Path study = dir.resolve("study");
        out.println("5. The study of every descriptor set (k-means over k = 2..12 and HDBSCAN; config in " + studyConfig
                + "):");
        out.println("   descry study CASE --out " + study + " --config " + studyConfig);
        StringWriter so = new StringWriter();
        StringWriter se = new StringWriter();
        if (Main.run(new String[] {"study", caseDir.toString(), "--out", study.toString(), "--config",
                studyConfig.toString()}, new PrintWriter(so, true), new PrintWriter(se, true)) != 0) {
            throw new DescryException("demo step 'descry study' failed: " + se.toString().strip());
        }
        so.toString().lines().forEach(l -> out.println("   " + l));
        out.println("   The report (open it in a browser): " + study.resolve("report.html"));

        out.println();
        out.println("Results in " + dir + ": case/ (the labelled case; truth in case/labels.csv), sample-images.png,");
        out.println("info.txt, info.json, clusters-*.csv (path,cluster) with their fitted pipelines clusters-*.model/,");
        out.println("study/ (report.html, clusters.csv, runs/, plots/, grids/, model/: the bundle to name and label with).");
        out.println("Next: describe your own images with  descry describe IMAGES.zip --out my-case");
        out.println("      check a case folder with       descry info my-case");
        out.println("      cluster and score with         descry cluster my-case --descriptor hog --k 10 --out c.csv");
        out.println("                                     descry score my-case --descriptor hog --labels c.csv");
        return 0;
    }
}
