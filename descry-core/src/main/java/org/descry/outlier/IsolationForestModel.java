package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.RowBlocks;
import org.descry.data.Workers;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link IsolationForest}: its trees, the subsample size and the training rows' scores. Saved as the
 * trees' node arrays concatenated ({@code feature.npy}, {@code left.npy}, {@code right.npy} int32 with child
 * indices local to each tree; {@code split.npy}, {@code path_length.npy} float64) and {@code tree_offsets.npy}.
 */
public final class IsolationForestModel implements OutlierModel {

    static final String KIND = "outlier-iforest";

    private final IsolationTree[] trees;
    private final int psi;
    private final int width;
    private final double[] scores;
    private final double contamination;
    private final double threshold;
    private final int threads;
    private final Provenance provenance;

    IsolationForestModel(IsolationTree[] trees, int psi, int width, double[] scores, double contamination,
            double threshold, int threads, Provenance provenance) {
        this.trees = trees;
        this.psi = psi;
        this.width = width;
        this.scores = scores;
        this.contamination = contamination;
        this.threshold = threshold;
        this.threads = threads;
        this.provenance = provenance;
    }

    /** The subsample size each tree was grown on. */
    public int maxSamples() {
        return psi;
    }

    public int nEstimators() {
        return trees.length;
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public double[] score(FloatMatrix rows) {
        Contamination.requireWidth(rows, width);
        Contamination.requireFinite(rows, "rows");
        return score(trees, psi, rows, threads);
    }

    static double[] score(IsolationTree[] trees, int psi, FloatMatrix x, int threads) {
        int n = x.rows();
        int d = x.cols();
        int block = RowBlocks.blockRows(d);
        int blocks = (n + block - 1) / block;
        double[] out = new double[n];
        double norm = IsolationTree.averagePathLength(psi) * trees.length;
        float[][] buf = new float[Workers.workers(threads, blocks)][block * d];
        Workers.forEach(threads, blocks, (w, b) -> {
            int from = b * block;
            int to = Math.min(n, from + block);
            float[] rows = buf[w];
            x.copyRows(from, to, rows, 0);
            for (int r = from; r < to; r++) {
                double s = 0;
                int off = (r - from) * d;
                for (IsolationTree t : trees) {
                    s += t.pathLength(rows, off);
                }
                out[r] = Math.pow(2, -s / norm);
            }
        });
        return out;
    }

    @Override
    public double contamination() {
        return contamination;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path dir) throws IOException {
        ObjectNode m = OutlierModels.begin(dir, KIND, this, scores);
        int[] offsets = new int[trees.length + 1];
        for (int i = 0; i < trees.length; i++) {
            offsets[i + 1] = offsets[i] + trees[i].nodes();
        }
        int total = offsets[trees.length];
        int[] f = new int[total];
        double[] t = new double[total];
        int[] l = new int[total];
        int[] r = new int[total];
        double[] p = new double[total];
        for (int i = 0; i < trees.length; i++) {
            trees[i].appendTo(f, t, l, r, p, offsets[i]);
        }
        OutlierModels.writeInts(dir, "tree_offsets", offsets);
        OutlierModels.writeInts(dir, "feature", f);
        OutlierModels.writeDoubles(dir, "split", t);
        OutlierModels.writeInts(dir, "left", l);
        OutlierModels.writeInts(dir, "right", r);
        OutlierModels.writeDoubles(dir, "path_length", p);
        m.put("max_samples", psi);
        m.put("input_width", width);
        m.put("threads", threads);
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a folder written by {@link #save}. */
    public static IsolationForestModel load(Path dir) throws IOException {
        OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
        int[] offsets = OutlierModels.readInts(dir, "tree_offsets");
        int[] f = OutlierModels.readInts(dir, "feature");
        double[] t = OutlierModels.readDoubles(dir, "split");
        int[] l = OutlierModels.readInts(dir, "left");
        int[] r = OutlierModels.readInts(dir, "right");
        double[] p = OutlierModels.readDoubles(dir, "path_length");
        int total = offsets.length == 0 ? -1 : offsets[offsets.length - 1];
        if (offsets.length < 2 || t.length != total || f.length != total || l.length != total
                || r.length != total || p.length != total) {
            throw new DescryException(dir + ": the tree node arrays do not match tree_offsets.npy");
        }
        int width = c.integer(dir, "input_width");
        IsolationTree[] trees = new IsolationTree[offsets.length - 1];
        for (int i = 0; i < trees.length; i++) {
            for (int j = offsets[i]; j < offsets[i + 1]; j++) {
                if (f[j] >= width) {
                    throw new DescryException(dir + ": tree " + i + " splits on feature " + f[j] + " of " + width);
                }
            }
            trees[i] = IsolationTree.slice(f, t, l, r, p, offsets[i], offsets[i + 1]);
        }
        return new IsolationForestModel(trees, c.integer(dir, "max_samples"), width, c.scores(),
                c.contamination(), c.threshold(), Math.max(1, c.manifest().path("threads").asInt(1)),
                c.provenance());
    }
}
