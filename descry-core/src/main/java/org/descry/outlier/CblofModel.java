package org.descry.outlier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.descry.cluster.KMeansModel;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;

/**
 * A fitted {@link Cblof}: the k-means model, which clusters are large and the cluster sizes. Saved with the
 * k-means model in {@code kmeans/}, {@code large.npy} (int32 0/1) and {@code sizes.npy} (int32).
 */
public final class CblofModel implements OutlierModel {

    static final String KIND = "outlier-cblof";

    private final KMeansModel kmeans;
    private final boolean[] large;
    private final int[] sizes;
    private final boolean useWeights;
    private final double[] scores;
    private final double contamination;
    private final double threshold;
    private final Provenance provenance;

    CblofModel(KMeansModel kmeans, boolean[] large, int[] sizes, boolean useWeights, double[] scores,
            double contamination, double threshold, Provenance provenance) {
        this.kmeans = kmeans;
        this.large = large;
        this.sizes = sizes;
        this.useWeights = useWeights;
        this.scores = scores;
        this.contamination = contamination;
        this.threshold = threshold;
        this.provenance = provenance;
    }

    public KMeansModel kmeans() {
        return kmeans;
    }

    /** Whether each cluster is large (a copy). */
    public boolean[] large() {
        return large.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public double[] score(FloatMatrix rows) {
        Contamination.requireWidth(rows, kmeans.inputWidth());
        Contamination.requireFinite(rows, "rows");
        return scores(rows, kmeans.centres(), kmeans.predict(rows), large, sizes, useWeights);
    }

    /** Distance to the own centre (large cluster) or the nearest large centre (small), times size if weighted. */
    static double[] scores(FloatMatrix x, FloatMatrix centres, int[] labels, boolean[] large, int[] sizes,
            boolean weights) {
        int d = x.cols();
        int k = centres.rows();
        float[] c = centres.toArray();
        float[] row = new float[d];
        double[] out = new double[x.rows()];
        for (int i = 0; i < out.length; i++) {
            x.copyRow(i, row, 0);
            int l = labels[i];
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                if (large[l] ? j != l : !large[j]) {
                    continue;
                }
                double s = 0;
                int off = j * d;
                for (int t = 0; t < d; t++) {
                    double v = (double) row[t] - c[off + t];
                    s += v * v;
                }
                best = Math.min(best, s);
            }
            out[i] = Math.sqrt(best) * (weights ? sizes[l] : 1);
        }
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
        kmeans.save(dir.resolve("kmeans"));
        int[] l = new int[large.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = large[i] ? 1 : 0;
        }
        OutlierModels.writeInts(dir, "large", l);
        OutlierModels.writeInts(dir, "sizes", sizes);
        m.put("use_weights", useWeights);
        ModelStore.writeManifest(dir, m);
    }

    /** Loads a folder written by {@link #save}. */
    public static CblofModel load(Path dir) throws IOException {
        OutlierModels.Common c = OutlierModels.Common.read(dir, KIND);
        KMeansModel km = KMeansModel.load(dir.resolve("kmeans"));
        int[] l = OutlierModels.readInts(dir, "large");
        int[] sizes = OutlierModels.readInts(dir, "sizes");
        if (l.length != km.k() || sizes.length != km.k()) {
            throw new DescryException(dir + ": large.npy and sizes.npy need one value per cluster (" + km.k() + ")");
        }
        boolean[] large = new boolean[l.length];
        boolean any = false;
        for (int i = 0; i < l.length; i++) {
            large[i] = l[i] != 0;
            any |= large[i];
        }
        if (!any) {
            throw new DescryException(dir + ": large.npy marks no cluster as large");
        }
        return new CblofModel(km, large, sizes, c.manifest().path("use_weights").asBoolean(), c.scores(),
                c.contamination(), c.threshold(), c.provenance());
    }
}
