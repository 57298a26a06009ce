package org.descry.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.grid.ClusterGrid;
import org.descry.plot.ExplainedVariancePlot;
import org.descry.plot.MetricCurves;
import org.descry.plot.Png;
import org.descry.plot.ScatterPlot;
import org.descry.preprocess.Pca;
import org.descry.preprocess.PcaModel;

/**
 * The study's pictures of one descriptor set's chosen run, written under {@code DIR/plots/} and
 * {@code DIR/grids/} and returned as report figures: CH/DB/silhouette against k for the chosen algorithm and
 * scaler (the chosen k marked), the PCA's explained variance, a 2-D map of the reduced rows coloured by cluster
 * (the first two principal components of the reduced space, and a UMAP embedding of it, {@link StudyMaps}), and
 * image grids of each cluster read from the case's zip.
 */
final class StudyPictures {

    private StudyPictures() {}

    /**
     * Where two descriptor sets' chosen clusterings disagree: each cluster of {@code a} is matched with the cluster
     * of {@code b} that shares most of its rows, and the sheet shows a seeded sample of rows that {@code b} puts
     * elsewhere, captioned "a 3 / b 7". Looking at them says which set is right about those images. Returns null
     * when the two agree on every row or the case has no images.
     */
    static StudyReport.Figure disagreement(Case input, Path out, Study.Choice a, Study.Choice b, int count, long seed)
            throws IOException {
        if (input.zipFiles().isEmpty()) {
            return null;
        }
        int[] la = a.labels();
        int[] lb = b.labels();
        int ka = 0;
        int kb = 0;
        for (int i = 0; i < la.length; i++) {
            ka = Math.max(ka, la[i] + 1);
            kb = Math.max(kb, lb[i] + 1);
        }
        int[] overlap = new int[Math.max(1, ka) * Math.max(1, kb)];
        for (int i = 0; i < la.length; i++) {
            if (la[i] >= 0 && lb[i] >= 0) {
                overlap[la[i] * kb + lb[i]]++;
            }
        }
        int[] match = new int[ka];
        for (int c = 0; c < ka; c++) {
            for (int e = 0; e < kb; e++) {
                if (overlap[c * kb + e] > overlap[c * kb + match[c]]) {
                    match[c] = e;
                }
            }
        }
        int[] rows = new int[la.length];
        int m = 0;
        for (int i = 0; i < la.length; i++) {
            if (la[i] >= 0 && lb[i] != match[la[i]]) {
                rows[m++] = i;
            }
        }
        if (m == 0) {
            return null;
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < Math.min(count, m); i++) {
            int j = i + r.nextInt(m - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int shown = Math.min(count, m);
        int[] picked = java.util.Arrays.copyOf(rows, shown);
        java.util.Arrays.sort(picked);
        List<String> paths = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i : picked) {
            paths.add(input.paths().get(i));
            captions.add(a.descriptor() + " " + la[i] + " / " + b.descriptor() + " " + lb[i]);
        }
        String title = String.format(Locale.ROOT, "%s and %s disagree on %,d of %,d images (%.1f%%): %d of them",
                a.descriptor(), b.descriptor(), m, la.length, 100.0 * m / la.length, shown);
        Path png = out.resolve("grids").resolve("disagree-" + a.descriptor().replace(':', '@') + "-"
                + b.descriptor().replace(':', '@') + ".png");
        org.descry.grid.RowSheet.DEFAULT.render(title, input.images(), paths, captions, null).writePng(png);
        return new StudyReport.Figure("Where the descriptor sets disagree", title, png);
    }

    static List<StudyReport.Figure> draw(Case input, StudyConfig config, Path out, String spec, List<RunResult> runs,
                                         RunResult chosen, int[] labels, FloatMatrix reduced, FittedMix mix,
                                         StudyMaps maps, Consumer<String> log) throws IOException {
        String file = spec.replace(':', '@');
        List<StudyReport.Figure> figures = new ArrayList<>();
        List<RunResult> curve = runs.stream()
                .filter(r -> r.algorithm().equals(chosen.algorithm()) && r.scaler().equals(chosen.scaler())
                        && r.k() > 0)
                .sorted(Comparator.comparingInt(RunResult::k)).toList();
        if (curve.size() >= 2) {
            Path png = out.resolve("plots").resolve(file + "-k.png");
            MetricCurves.titled(spec + ": " + chosen.algorithm() + ", " + chosen.scaler() + " scaling").writePng(png,
                    curve.stream().mapToInt(RunResult::k).toArray(),
                    curve.stream().mapToDouble(RunResult::calinski).toArray(),
                    curve.stream().mapToDouble(RunResult::davies).toArray(),
                    curve.stream().mapToDouble(RunResult::silhouette).toArray(), chosen.k());
            figures.add(new StudyReport.Figure("Scores against k", spec + ": scores against k (chosen k=" + chosen.k() + ")", png));
        }
        if (mix.descriptors().size() == 1 && mix.steps().get(0).pca() != null) {
            PcaModel pca = mix.steps().get(0).pca();
            double target = config.pcaStep() != null && config.pcaStep().components() == 0
                    ? config.pcaStep().varianceFraction() : Double.NaN;
            Path png = out.resolve("plots").resolve(file + "-variance.png");
            Png.write(ExplainedVariancePlot.titled(spec + ": PCA explained variance (" + chosen.scaler()
                    + " scaling)").render(pca, target), png);
            figures.add(new StudyReport.Figure("Explained variance", String.format(Locale.ROOT, "%s: %d components", spec,
                    pca.outputWidth()), png));
        }
        if (reduced.cols() >= 2) {
            FloatMatrix xy = Pca.components(2).withSeed(config.seed()).fitTransform(reduced, Progress.NONE)
                    .projected();
            float[] x = new float[xy.rows()];
            float[] y = new float[xy.rows()];
            for (int i = 0; i < x.length; i++) {
                x[i] = xy.get(i, 0);
                y[i] = xy.get(i, 1);
            }
            Path png = out.resolve("plots").resolve(file + "-map.png");
            ScatterPlot.titled(spec + ": " + chosen.id()).withSeed(config.seed()).withAxisLabels("PC 1", "PC 2")
                    .writePng(png, x, y, labels);
            figures.add(new StudyReport.Figure("Maps", spec + ": clusters on the first two principal components", png));
            Path umap = out.resolve("plots").resolve(file + "-umap.png");
            StudyMaps.Map m = maps.draw(reduced, labels, spec + ": " + chosen.id() + " on UMAP", umap);
            figures.add(new StudyReport.Figure("Maps", String.format(Locale.ROOT, "%s: clusters on a 2-D UMAP of %s",
                    spec, m.shown() == reduced.rows() ? "every row" : String.format(Locale.ROOT,
                            "a sample of %,d rows", m.shown())), umap));
        }
        if (!input.zipFiles().isEmpty()) {
            ClusterGrid.Written w = ClusterGrid.of(config.gridImages(), config.seed())
                    .write(out.resolve("grids").resolve(file), input.images(), input.paths(), labels);
            if (!w.warnings().isEmpty()) {
                log.accept(w.warnings().size() + " images of " + spec + "'s grids could not be read (first: "
                        + w.warnings().get(0) + ")");
            }
            figures.add(new StudyReport.Figure("Sample images per cluster", spec + ": sample images of each cluster (one row per cluster; "
                    + "grids/" + file + "/cluster-N.png has more)", w.index()));
        } else {
            log.accept("no image zip in " + input.dir() + ": no image grids");
        }
        return figures;
    }
}
