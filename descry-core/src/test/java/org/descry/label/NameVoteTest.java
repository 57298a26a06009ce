package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NameVote}: a hand-counted case with a tie, scikit-learn 1.2.1's {@code KNeighborsClassifier} on rows
 * labelled with their cluster's name ({@code src/test/resources/sklearn/label/make_fixtures.py}), the graph route
 * against the exact one, and save and load.
 */
class NameVoteTest {

    @TempDir
    Path dir;

    private static Path fixtures() throws Exception {
        return Path.of(NameVoteTest.class.getResource("/sklearn/label/fixtures.json").toURI()).getParent();
    }

    private static int[] ints(Path d, String name) {
        FloatMatrix m = NumpyReader.readMatrix(d.resolve(name + ".npy"));
        int[] out = new int[m.cols()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) m.get(0, i);
        }
        return out;
    }

    @Test
    void countsVotesAndBreaksTiesByTheNearestMember() {
        // members on a line at 0, 1, 2, 3, 10, 11; clusters 0 0 1 1 2 2 named a a/b b
        FloatMatrix members = FloatMatrix.wrap(new float[] {0, 1, 2, 3, 10, 11}, 6, 1);
        NameVote v = NameVote.fit(members, new int[] {0, 0, 1, 1, 2, 2}, 3, 0, 1);
        String[] names = {"a", "b", "b"};
        NameVote.Result r = v.vote(FloatMatrix.wrap(new float[] {0.2f, 2.4f, 10.4f}, 3, 1), names);
        // 0.2: members 0, 1, 2 -> a a b: a, 2 of 3
        // 2.4: members 2, 3, 1 -> b b a: b (cluster 1), 2 of 3
        // 10.4: members 10, 11, 3 -> b b b: all b, nearest is member 4 (cluster 2)
        assertArrayEquals(new int[] {0, 1, 2}, r.cluster());
        assertArrayEquals(new float[] {2 / 3f, 2 / 3f, 1f}, r.share());

        NameVote two = NameVote.fit(members, new int[] {0, 0, 1, 1, 2, 2}, 2, 0, 1);
        // 1.6: members 2 (b) and 1 (a), one vote each: the nearest, member 2, wins
        NameVote.Result tie = two.vote(FloatMatrix.wrap(new float[] {1.6f}, 1, 1), names);
        assertEquals(1, tie.cluster()[0]);
        assertEquals(0.5f, tie.share()[0]);
    }

    @Test
    void unnamedClustersVoteAsOneAndNoiseDoesNotVote() {
        FloatMatrix members = FloatMatrix.wrap(new float[] {0, 1, 2, 3, 4}, 5, 1);
        NameVote v = NameVote.fit(members, new int[] {0, 1, -1, 1, 2}, 3, 0, 1);
        assertEquals(4, v.clusters().length, "the noise row is left out");
        NameVote.Result r = v.vote(FloatMatrix.wrap(new float[] {2.1f}, 1, 1), new String[] {"a", null, null});
        // neighbours 3 (cluster 1), 1 (cluster 1), 4 (cluster 2): all unnamed, the nearest's cluster
        assertEquals(1, r.cluster()[0]);
        assertEquals(1f, r.share()[0]);
    }

    static Stream<String> cases() {
        return Stream.of("blobs", "fashion");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesScikitLearnsKNeighborsClassifier(String tag) throws Exception {
        Path d = fixtures();
        JsonNode f = ModelStore.json().readTree(d.resolve("fixtures.json").toFile()).get(tag);
        FloatMatrix train;
        FloatMatrix queries;
        if (tag.equals("fashion")) {
            FloatMatrix color = NumpyReader.readMatrix(SharedData.fashionCase().resolve("descriptors/color.pickle"));
            train = color.rowRange(0, 2000).copy();
            queries = color.rowRange(2000, 2500).copy();
        } else {
            train = NumpyReader.readMatrix(d.resolve("blobs_train.npy")).copy();
            queries = NumpyReader.readMatrix(d.resolve("blobs_queries.npy")).copy();
        }
        String[] names = new String[f.get("names").size()];
        for (int c = 0; c < names.length; c++) {
            names[c] = f.get("names").get(c).asText();
        }
        NameVote v = NameVote.fit(train, ints(d, tag + "_labels"), f.get("k").asInt(), 0, 2);
        NameVote.Result r = v.vote(queries, names);
        FloatMatrix share = NumpyReader.readMatrix(d.resolve(tag + "_share.npy"));
        int compared = 0;
        for (int i = 0; i < queries.rows(); i++) {
            assertEquals(share.get(0, i), r.share()[i], 1e-6, "share of row " + i);
            if (f.get("unique").get(i).asBoolean()) {
                assertEquals(f.get("predicted").get(i).asText(), names[r.cluster()[i]], "name of row " + i);
                compared++;
            }
        }
        assertTrue(compared > queries.rows() * 0.9, compared + " rows without a tie");
    }

    private static FloatMatrix blobs(long seed, int n, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a[i * d + j] = (float) ((j == i % d ? 6 : 0) + r.nextGaussian());
            }
        }
        return FloatMatrix.wrap(a, n, d);
    }

    @Test
    void theGraphRouteAgreesWithTheExactOneAndSurvivesSaveAndLoad() throws Exception {
        int n = NameVote.EXACT_REFERENCE + 2_000;
        FloatMatrix x = blobs(3, n, 16);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 16;
        }
        String[] names = new String[16];
        for (int c = 0; c < 16; c++) {
            names[c] = "n" + (c % 4);
        }
        NameVote graph = NameVote.fit(x, labels, 10, 5, 2);
        assertTrue(graph.neighbours().approximate());
        NameVote exact = new NameVote(org.descry.outlier.Neighbours.exact(graph.neighbours().reference(), 2),
                graph.clusters(), 10);
        FloatMatrix q = blobs(4, 2_000, 16);
        NameVote.Result a = graph.vote(q, names);
        NameVote.Result b = exact.vote(q, names);
        int same = 0;
        for (int i = 0; i < q.rows(); i++) {
            same += names[a.cluster()[i]].equals(names[b.cluster()[i]]) ? 1 : 0;
        }
        assertTrue(same >= 0.98 * q.rows(), same + " of " + q.rows() + " names agree");

        graph.save(dir.resolve("vote"), Provenance.of("test", Map.of(), 0, "test"));
        NameVote back = NameVote.load(dir.resolve("vote"), 2);
        NameVote.Result c = back.vote(q, names);
        assertArrayEquals(a.cluster(), c.cluster());
        assertArrayEquals(a.share(), c.share());
    }

    @Test
    void rejectsBadArguments() {
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 2}, 3, 1);
        String m = assertThrows(DescryException.class, () -> NameVote.fit(x, new int[] {-1, -1, -1}, 2, 0, 1))
                .getMessage();
        assertTrue(m.contains("every row is noise"), m);
        m = assertThrows(DescryException.class, () -> new NameVote(org.descry.outlier.Neighbours.exact(x, 1),
                new int[] {0, 0, 1}, 4)).getMessage();
        assertEquals("vote k must be in [1, members=3], got 4", m);
        NameVote v = NameVote.fit(x, new int[] {0, 1, 2}, 1, 0, 1);
        m = assertThrows(IllegalArgumentException.class, () -> v.vote(x, new String[] {"a", "b"})).getMessage();
        assertEquals("names must give one entry per cluster: members reach cluster 2, got 2 names", m);
    }
}
