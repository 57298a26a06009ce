package org.descry.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSample;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.NumpyWriter;
import org.descry.knn.KnnGraph;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.outlier.Neighbours;

/**
 * Names a new row by the vote of its {@code k} nearest training members: every member carries the name its
 * cluster was given, and the row takes the name most of them carry (a tie goes to the name of the nearest member
 * among the tied ones). Still only the clusters are named, once; the members spread those names to new rows the
 * way a {@code k}-NN classifier does (Fix and Hodges 1951; scikit-learn's {@code KNeighborsClassifier} with
 * uniform weights), which follows a cluster's own shape instead of the sphere round its centroid that the nearest
 * centroid draws. This is the cluster-then-label scheme of semi-supervised learning (Chapelle, Schölkopf and
 * Zien 2006, "Semi-supervised learning", chapter 1.2.4): the clusters carry the few labels, the neighbours the
 * geometry.
 *
 * <p>Measured on the fashion case (scikit-learn prototype, six item splits, PCA 0.9, 100 clusters, {@code k} = 10;
 * {@code descry-bench/README.md}, "Session 6"): view from hog standard/l2 gained 0.008 to 0.028 (mean 0.018) over
 * the nearest centroid with k-means and 0.002 to 0.029 with Ward; colour from color hellinger 0.001 to 0.006; type
 * (three splits) moved by -0.013 to +0.003 with k-means. The trial therefore chooses the rule per attribute by inner
 * validation.
 *
 * <p>The members voting are the clustered training rows (noise left out), or a seeded sample of
 * {@link #MAX_REFERENCE} of them on more: the vote needs the neighbourhood, not every member. Up to
 * {@link #EXACT_REFERENCE} members the neighbours are exact (brute force); above, they are searched over the
 * members' NN-descent graph, or by a k-d tree on few columns ({@link Neighbours}), so that 416,314 new rows cost
 * seconds per source, not minutes.
 *
 * @param neighbours the members' neighbour source (their reduced rows)
 * @param clusters   each member's cluster
 * @param k          the members that vote
 */
public record NameVote(Neighbours neighbours, int[] clusters, int k) {

    /** Members voting by default: the 10 of the supervised reference of issue 9. */
    public static final int DEFAULT_K = 10;
    /** The most members kept to vote. */
    public static final int MAX_REFERENCE = 50_000;
    /**
     * Members up to which a new row's neighbours are found by brute force: that costs one distance per member and
     * row, the graph walk about a thousand, so above this many the graph pays for itself on a large flow of rows
     * (416,314 rows against 10,000 members at 100 columns is about 8e11 multiply-adds, some ten seconds on two
     * cores), while the trial's sources (about 6,400 members) stay exact.
     */
    public static final int EXACT_REFERENCE = 10_000;
    /** Neighbours per member of the search graph above {@link #EXACT_REFERENCE}. */
    private static final int GRAPH_K = 20;

    public NameVote {
        Objects.requireNonNull(neighbours, "neighbours");
        Objects.requireNonNull(clusters, "clusters");
        if (clusters.length != neighbours.reference().rows()) {
            throw new IllegalArgumentException(clusters.length + " clusters for " + neighbours.reference().rows()
                    + " members");
        }
        if (k < 1 || k > clusters.length) {
            throw new DescryException("vote k must be in [1, members=" + clusters.length + "], got " + k);
        }
    }

    /**
     * The vote of the rows {@code mixed} (as the clustering saw them) clustered as {@code labels} (negative: noise,
     * left out).
     */
    public static NameVote fit(FloatMatrix mixed, int[] labels, int k, long seed, int threads) {
        if (labels.length != mixed.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + mixed.rows() + " rows");
        }
        int members = 0;
        for (int l : labels) {
            members += l >= 0 ? 1 : 0;
        }
        if (members == 0) {
            throw new DescryException("the vote needs clustered rows, but every row is noise");
        }
        int[] clustered = new int[members];
        for (int i = 0, j = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                clustered[j++] = i;
            }
        }
        int[] rows = clustered;
        if (members > MAX_REFERENCE) {
            int[] pick = RowSample.sorted(members, MAX_REFERENCE, seed);
            rows = new int[pick.length];
            for (int j = 0; j < pick.length; j++) {
                rows[j] = clustered[pick[j]];
            }
        }
        FloatMatrix reference = rows.length == labels.length ? mixed.copy() : mixed.selectRows(rows);
        int[] clusters = new int[rows.length];
        for (int j = 0; j < rows.length; j++) {
            clusters[j] = labels[rows[j]];
        }
        Neighbours n = rows.length <= EXACT_REFERENCE ? Neighbours.exact(reference, threads)
                : Neighbours.fit(reference, GRAPH_K, 0, seed, threads, Progress.NONE).neighbours();
        return new NameVote(n, clusters, Math.min(k, rows.length));
    }

    /** Each row's cluster (that of its nearest member carrying the winning name) and the winner's share of votes. */
    public record Result(int[] cluster, float[] share) {}

    /** Votes for {@code x}, rows as the clustering saw them, under {@code names} (one per cluster, null: unnamed). */
    public Result vote(FloatMatrix x, String[] names) {
        int highest = java.util.Arrays.stream(clusters).max().orElse(-1);
        if (names.length <= highest) {
            throw new IllegalArgumentException("names must give one entry per cluster: members reach cluster "
                    + highest + ", got " + names.length + " names");
        }
        KnnGraph g = neighbours.query(x, k);
        int n = x.rows();
        int[] cluster = new int[n];
        float[] share = new float[n];
        String[] voted = new String[k];
        int[] from = new int[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                from[j] = clusters[g.neighbour(i, j)];
                voted[j] = names[from[j]];
            }
            int best = 0;
            int bestVotes = 0;
            for (int j = 0; j < k; j++) {
                int votes = 0;
                for (int m = 0; m < k; m++) {
                    votes += Objects.equals(voted[j], voted[m]) ? 1 : 0;
                }
                if (votes > bestVotes) {
                    best = j;
                    bestVotes = votes;
                }
            }
            cluster[i] = from[best];
            share[i] = (float) bestVotes / k;
        }
        return new Result(cluster, share);
    }

    /** Writes the members ({@code members.npy}, {@code clusters.npy}), their search graph and a manifest. */
    public void save(Path dir, Provenance provenance) throws IOException {
        ModelStore.writeArray(dir, "members", neighbours.reference());
        NumpyWriter.writeNpy(dir.resolve("clusters.npy"), clusters, 1, clusters.length);
        ObjectNode m = ModelStore.manifest(KIND, provenance);
        m.put("k", k);
        neighbours.save(dir, m);
        ModelStore.writeManifest(dir, m);
    }

    /** Manifest kind of a saved vote. */
    public static final String KIND = "label-vote";

    public static NameVote load(Path dir, int threads) throws IOException {
        JsonNode m = ModelStore.readManifest(dir, KIND);
        FloatMatrix members = ModelStore.readArray(dir, "members");
        NumpyArray a = NumpyReader.read(dir.resolve("clusters.npy"));
        int[] clusters = new int[(int) a.size()];
        for (int i = 0; i < clusters.length; i++) {
            clusters[i] = (int) a.get(0, i);
        }
        return new NameVote(Neighbours.load(dir, m, members, threads), clusters, m.path("k").asInt(DEFAULT_K));
    }
}
