package org.descry.outlier;

import org.descry.data.FloatMatrix;
import org.descry.data.RowBlocks;
import org.descry.data.Workers;
import org.descry.model.Provenance;

/** A fitted {@link IsolationForest}: its trees, the subsample size and the training rows' scores. */
public final class IsolationForestModel implements OutlierModel {

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
}
