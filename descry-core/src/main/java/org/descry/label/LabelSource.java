package org.descry.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.Workers;
import org.descry.linalg.Kernels;
import org.descry.metrics.ClusterDispersion;
import org.descry.metrics.Noise;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.study.FittedMix;

/**
 * A clustering ready to label with: the fitted preprocessing of a descriptor set (or mixture), its clustering, each
 * cluster's centroid in the reduced space, and each cluster's reject radius, calibrated on the training rows. An
 * attribute ({@code type}, {@code view}, {@code colour} ...) is labelled from one source through the names people
 * gave its clusters; two attributes may share a source (type and view from the same clustering, named twice).
 *
 * <p>A new row goes to the cluster its clustering predicts, or, with a {@link NameVote}, to the one its nearest
 * training members vote for. Its value is withheld when that cluster has no name or is named
 * {@link ClusterNames#UNKNOWN}, or when the row lies farther from the cluster's centroid than the radius (with the
 * vote: from the nearest centroid than that cluster's radius, see {@link Assignment}): the {@code quantile} (0.99 by default) of the training members' distances, so about 1% of rows like the
 * training ones are withheld per cluster and rows unlike any of them are. This is the distance-to-centroid
 * rejection of open-set recognition (Scheirer et al. 2013 "Toward open set recognition" discuss why a closed
 * classifier must be given such a bound). The confidence is {@code d2² / (d² + d2²)}, with {@code d} the distance to the
 * assigned centroid and {@code d2} to the nearest centroid of a differently named cluster: 0.5 on the border
 * between two names, near 1 deep inside one (1 when every named cluster has the same name).
 *
 * <p>The rejection can instead be by likelihood ({@link Rejection#LIKELIHOOD}): each cluster is taken as one
 * component of a Gaussian mixture with a diagonal covariance (the members' per-dimension variances about the
 * centroid, plus scikit-learn's {@code reg_covar} of 1e-6), and a row is withheld when its log-likelihood under its
 * cluster's component falls below the {@code 1 - quantile} quantile of the members' own log-likelihoods. Where the
 * distance radius draws a sphere round each centroid, the likelihood follows each cluster's own spread along
 * every direction: the class-conditional Gaussian density rule of Lee et al. 2018 ("A simple unified framework for
 * detecting out-of-distribution samples and adversarial attacks", there with a shared covariance).
 *
 * @param name       the source's name (its descriptor set or mixture spec)
 * @param mix        the fitted preprocessing (one descriptor set or a mixture)
 * @param clustering the fitted clustering, over the mixed rows
 * @param centroids  cluster means of the training rows, {@code k x width}
 * @param radius     each cluster's reject distance
 * @param quantile   the training quantile the radii (or likelihood floors) were set at
 * @param rejection  which rule withholds a far row
 * @param variances  for {@link Rejection#LIKELIHOOD}: each cluster's per-dimension variance, {@code k x width};
 *                   {@code null} for {@link Rejection#DISTANCE}
 * @param floor      for {@link Rejection#LIKELIHOOD}: each cluster's log-likelihood floor; {@code null} otherwise
 * @param vote       when not {@code null}, a new row goes to the cluster its nearest training members vote for
 *                   ({@link NameVote}) instead of the one its clustering predicts; its confidence is then the
 *                   winning name's share of the votes
 * @param provenance where it came from
 */
public record LabelSource(String name, FittedMix mix, ClusterModel clustering, FloatMatrix centroids,
                             float[] radius, double quantile, Rejection rejection, FloatMatrix variances,
                             float[] floor, NameVote vote, Provenance provenance) {

    public static final String KIND = "label-source";

    /**
     * Version of the source folder's own layout, in its manifest as {@code source_version}: 1 (no key) is the
     * distance rule alone; 2 adds {@code rejection} ({@code distance}, {@code likelihood} or {@code none}) and,
     * for the likelihood rule, {@code variances.npy} and {@code floor.npy}; 3 lets the mix's blocks carry a scaler
     * after the PCA ({@code mix/block-N/after/}, {@link org.descry.study.Preprocessing#after()}), which a reader of
     * version 2 would silently skip; 4 adds {@code assignment} ({@code centroid} or {@code vote}) and, for the
     * vote, its members in {@code vote/} ({@link NameVote#save}). A folder of a later version is refused.
     */
    public static final int SOURCE_VERSION = 4;
    /** Rows per task of {@link #assign}'s distance pass. */
    private static final int ROWS_PER_TASK = 4096;

    /** How a row far from its cluster is recognised. */
    public enum Rejection {
        /** Farther from the centroid than the members' distance quantile. */
        DISTANCE,
        /** Less likely under the cluster's diagonal Gaussian than the members' log-likelihood quantile. */
        LIKELIHOOD,
        /**
         * Never: every row in a named cluster gets its name, and only the outlier model withholds rows unlike the
         * training ones. What a score that counts a withheld value as wrong favours (withholding can only lower
         * it), so the trial's default.
         */
        NONE;

        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Rejection parse(String s) {
            for (Rejection r : values()) {
                if (r.cliName().equals(s)) {
                    return r;
                }
            }
            throw new DescryException("rejection must be distance|likelihood|none, got '" + s + "'");
        }
    }

    public LabelSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mix, "mix");
        Objects.requireNonNull(clustering, "clustering");
        Objects.requireNonNull(rejection, "rejection");
        if (centroids.rows() != clustering.k() || radius.length != clustering.k()) {
            throw new IllegalArgumentException("one centroid and radius per cluster: k=" + clustering.k()
                    + ", centroids " + centroids.rows() + ", radii " + radius.length);
        }
        if (rejection == Rejection.LIKELIHOOD && (variances == null || floor == null
                || variances.rows() != clustering.k() || variances.cols() != centroids.cols()
                || floor.length != clustering.k())) {
            throw new IllegalArgumentException("the likelihood rule needs k x width variances and k floors");
        }
        if (vote != null && vote.neighbours().reference().cols() != centroids.cols()) {
            throw new IllegalArgumentException("the vote's members have " + vote.neighbours().reference().cols()
                    + " columns, the centroids " + centroids.cols());
        }
    }

    /** A source with the distance rule. */
    public LabelSource(String name, FittedMix mix, ClusterModel clustering, FloatMatrix centroids, float[] radius,
                       double quantile, Provenance provenance) {
        this(name, mix, clustering, centroids, radius, quantile, Rejection.DISTANCE, null, null, null, provenance);
    }

    /** This source with new rows assigned by {@code value} ({@code null}: by the clustering's prediction). */
    public LabelSource withVote(NameVote value) {
        return new LabelSource(name, mix, clustering, centroids, radius, quantile, rejection, variances, floor, value,
                provenance);
    }

    /** How new rows find their cluster: {@code vote} or {@code centroid} (the clustering's prediction). */
    public String assignment() {
        return vote == null ? "centroid" : "vote";
    }

    /**
     * Calibrates a source on the rows it was fitted on: {@code mixed} are those rows after {@code mix}
     * and {@code clustering.labels()} their clusters.
     */
    public static LabelSource calibrate(String name, FittedMix mix, ClusterModel clustering,
                                           FloatMatrix mixed, double quantile, Provenance provenance) {
        return calibrate(name, mix, clustering, mixed, quantile, Rejection.DISTANCE, provenance);
    }

    /** As {@link #calibrate(String, FittedMix, ClusterModel, FloatMatrix, double, Provenance)}, with a rule. */
    public static LabelSource calibrate(String name, FittedMix mix, ClusterModel clustering, FloatMatrix mixed,
                                        double quantile, Rejection rejection, Provenance provenance) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new DescryException("quantile must be in (0, 1], got " + quantile);
        }
        int[] labels = clustering.labels();
        int k = clustering.k();
        int d = mixed.cols();
        if (labels.length != mixed.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + mixed.rows() + " rows");
        }
        float[] row = new float[d];
        ClusterDispersion disp = k == 0 ? null : ClusterDispersion.of(mixed, labels, Noise.EXCLUDE, Progress.NONE);
        int[] count = k == 0 ? new int[0] : disp.countsByLabel(k);
        float[] cent = k == 0 ? new float[0] : disp.centroidsByLabel(k);
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + count[c];
        }
        float[] dist = new float[start[k]];
        int[] filled = start.clone();
        Kernels kern = Kernels.best();
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c >= 0) {
                mixed.copyRow(i, row, 0);
                dist[filled[c]++] = (float) Math.sqrt(kern.squaredDistance(row, 0, cent, c * d, d));
            }
        }
        float[] radius = new float[k];
        for (int c = 0; c < k; c++) {
            java.util.Arrays.sort(dist, start[c], start[c + 1]);
            radius[c] = count[c] == 0 ? 0
                    : dist[start[c] + Math.min(count[c] - 1, (int) Math.ceil(quantile * count[c]) - 1)];
        }
        if (rejection != Rejection.LIKELIHOOD) {
            return new LabelSource(name, mix, clustering, FloatMatrix.wrap(cent, k, d), radius, quantile, rejection,
                    null, null, null, provenance);
        }
        double[] var = new double[k * d];
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c >= 0) {
                mixed.copyRow(i, row, 0);
                for (int j = 0; j < d; j++) {
                    double e = row[j] - cent[c * d + j];
                    var[c * d + j] += e * e;
                    total += e * e;
                }
            }
        }
        double reg = 1e-6 + 1e-6 * total / Math.max(1, (long) start[k] * d);
        float[] variances = new float[k * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                variances[c * d + j] = (float) (var[c * d + j] / Math.max(1, count[c]) + reg);
            }
        }
        float[] ll = new float[start[k]];
        filled = start.clone();
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c >= 0) {
                mixed.copyRow(i, row, 0);
                ll[filled[c]++] = (float) logLikelihood(row, cent, variances, c, d);
            }
        }
        float[] floor = new float[k];
        for (int c = 0; c < k; c++) {
            java.util.Arrays.sort(ll, start[c], start[c + 1]);
            int below = (int) Math.floor((1 - quantile) * count[c]);
            floor[c] = count[c] == 0 ? Float.POSITIVE_INFINITY : ll[start[c] + Math.min(count[c] - 1, below)];
        }
        return new LabelSource(name, mix, clustering, FloatMatrix.wrap(cent, k, d), radius, quantile,
                Rejection.LIKELIHOOD, FloatMatrix.wrap(variances, k, d), floor, null, provenance);
    }

    /** Log-density of {@code row} under cluster {@code c}'s diagonal Gaussian. */
    private static double logLikelihood(float[] row, float[] cent, float[] variances, int c, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = variances[c * d + j];
            double e = row[j] - cent[c * d + j];
            s += e * e / v + Math.log(2 * Math.PI * v);
        }
        return -0.5 * s;
    }

    /** Descriptor sets it reads, in the order {@link #assign} takes them. */
    public List<String> descriptors() {
        return mix.descriptors();
    }

    /**
     * Each row's cluster, its distance to the centroid its reject threshold is read at, its confidence, and whether
     * it lies beyond that threshold, for a naming {@code names} (one per cluster). With the nearest-centroid rule
     * the threshold is the row's own cluster's; with the vote, the nearest centroid's: a row is withheld as far when
     * it is unlike every cluster, whichever name its neighbours vote for (a vote may pick a cluster whose centroid
     * is not the nearest, and that cluster's radius was not drawn for it).
     */
    public record Assignment(int[] cluster, float[] distance, float[] confidence, boolean[] far) {}

    /** Assigns raw rows of the descriptor sets (in {@link #descriptors()} order) to clusters. */
    public Assignment assign(List<FloatMatrix> raw, String[] names) {
        FloatMatrix x = mix.apply(raw);
        NameVote.Result votes = vote == null ? null : vote.vote(x, names);
        int[] nearest = votes == null || rejection != Rejection.NONE ? clustering.predict(x) : null;
        int[] cluster = votes == null ? nearest : votes.cluster();
        int n = x.rows();
        int d = x.cols();
        int k = clustering.k();
        float[] cent = centroids.toArray();
        float[] distance = new float[n];
        float[] confidence = votes == null ? new float[n] : votes.share();
        boolean[] far = new boolean[n];
        float[] vars = variances == null ? null : variances.toArray();
        int tasks = (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Workers.forEach(Workers.defaultThreads(), tasks, t -> {
            float[] row = new float[d];
            Kernels kern = Kernels.best().withThreads(1);
            for (int i = t * ROWS_PER_TASK; i < Math.min(n, (t + 1) * ROWS_PER_TASK); i++) {
                x.copyRow(i, row, 0);
                int c = nearest == null ? cluster[i] : nearest[i];
                if (c < 0 || cluster[i] < 0) {
                    distance[i] = Float.POSITIVE_INFINITY;
                    far[i] = true;
                    continue;
                }
                double own = kern.squaredDistance(row, 0, cent, c * d, d);
                distance[i] = (float) Math.sqrt(own);
                if (votes == null) {
                    double other = Double.POSITIVE_INFINITY;
                    String mine = names[c];
                    for (int j = 0; j < k; j++) {
                        String nj = names[j];
                        if (nj != null && !nj.equals(ClusterNames.UNKNOWN) && !nj.equals(mine)) {
                            other = Math.min(other, kern.squaredDistance(row, 0, cent, j * d, d));
                        }
                    }
                    confidence[i] = other == Double.POSITIVE_INFINITY ? 1f : (float) (other / (own + other));
                }
                far[i] = switch (rejection) {
                    case DISTANCE -> distance[i] > radius[c];
                    case LIKELIHOOD -> logLikelihood(row, cent, vars, c, d) < floor[c];
                    case NONE -> false;
                };
            }
        });
        return new Assignment(cluster, distance, confidence, far);
    }

    public void save(Path dir) throws IOException {
        mix.save(dir.resolve("mix"), provenance);
        clustering.save(dir.resolve("cluster"));
        ModelStore.writeArray(dir, "centroids", centroids);
        ModelStore.writeArray(dir, "radius", radius);
        if (rejection == Rejection.LIKELIHOOD) {
            ModelStore.writeArray(dir, "variances", variances);
            ModelStore.writeArray(dir, "floor", floor);
        }
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("source_version", SOURCE_VERSION);
        m.put("name", name);
        m.put("quantile", quantile);
        m.put("rejection", rejection.cliName());
        m.put("clusters", clustering.k());
        m.put("assignment", assignment());
        if (vote != null) {
            vote.save(dir.resolve("vote"), provenance);
        }
        ModelStore.writeManifest(dir, m);
    }

    public static LabelSource load(Path dir) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        int version = m.path("source_version").asInt(1);
        if (version > SOURCE_VERSION) {
            throw new DescryException(dir.resolve(ModelStore.MANIFEST) + ": label source version " + version
                    + " is newer than this Descry reads (" + SOURCE_VERSION + "); upgrade Descry");
        }
        Rejection r = Rejection.parse(m.path("rejection").asText("distance"));
        String assignment = m.path("assignment").asText("centroid");
        if (!assignment.equals("centroid") && !assignment.equals("vote")) {
            throw new DescryException(dir.resolve(ModelStore.MANIFEST) + ": assignment must be centroid or vote, got '"
                    + assignment + "'");
        }
        return new LabelSource(m.path("name").asText(), FittedMix.load(dir.resolve("mix")),
                org.descry.study.FittedPipeline.loadClustering(dir.resolve("cluster")),
                ModelStore.readArray(dir, "centroids"), ModelStore.readVector(dir, "radius"),
                m.path("quantile").asDouble(), r,
                r == Rejection.LIKELIHOOD ? ModelStore.readArray(dir, "variances") : null,
                r == Rejection.LIKELIHOOD ? ModelStore.readVector(dir, "floor") : null,
                assignment.equals("vote") ? NameVote.load(dir.resolve("vote"), Workers.defaultThreads()) : null,
                ModelStore.provenance(m));
    }
}
