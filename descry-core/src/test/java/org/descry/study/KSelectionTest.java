package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.descry.data.DescryException;
import org.descry.study.KSelection.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The study's k rule: the Kneedle knee of each sweep's W(k)/T curve, moved off sliver clusters, then the knee
 * with the most clusters.
 */
class KSelectionTest {

    private static final int N = 1000;

    /** A candidate whose W/T is {@code w}: CH = (1/w - 1) (n-k)/(k-1). */
    private static Candidate run(String sweep, int k, double w, double share) {
        double ch = (1 / w - 1) * (N - k) / (k - 1);
        return new Candidate(sweep + k, sweep, k, ch, 1.0, 0.1, N, share);
    }

    @Test
    void relativeDispersionInvertsCalinskiHarabasz() {
        assertEquals(0.25, run("a", 4, 0.25, 0.1).relativeDispersion(), 1e-12);
    }

    /** W/T = 1, .5, .32, .25, .2 at k = 2..6: scaled x 0, .25, .5, .75, 1; y 1, .375, .15, .0625, 0. */
    @Test
    void theKneeIsFarthestBelowTheChord() {
        List<Candidate> c = List.of(run("a", 2, 1.0, 0.1), run("a", 3, 0.5, 0.1), run("a", 4, 0.32, 0.1),
                run("a", 5, 0.25, 0.1), run("a", 6, 0.2, 0.1));
        // 1 - x - y: 0, .375, .35, .1875, 0
        KSelection.Choice ch = KSelection.DEFAULT.choose(c);
        assertEquals(1, ch.chosen());
        assertTrue(ch.explanation().startsWith("a3 (k=3) is the knee of the within-cluster dispersion curve"),
                ch.explanation());
        assertTrue(ch.explanation().contains("a: knee at k=3"), ch.explanation());
    }

    @Test
    void aKneeWithASliverMovesToTheNearestKWithout() {
        List<Candidate> c = List.of(run("a", 2, 1.0, 0.1), run("a", 3, 0.4, 0.001), run("a", 4, 0.35, 0.1),
                run("a", 5, 0.3, 0.1), run("a", 6, 0.28, 0.1));
        KSelection.Choice ch = KSelection.DEFAULT.choose(c);
        assertEquals(2, ch.chosen());
        assertTrue(ch.explanation().contains("knee at k=3 (a sliver cluster; nearest without: k=4)"),
                ch.explanation());
    }

    @Test
    void slivers() {
        List<Candidate> c = List.of(run("a", 2, 1.0, 0.001), run("a", 3, 0.5, 0.001), run("a", 4, 0.45, 0.001),
                run("b", 2, 1.0, 0.1), run("b", 3, 0.9, 0.1), run("b", 4, 0.3, 0.001), run("b", 5, 0.29, 0.1));
        KSelection.Choice ch = KSelection.DEFAULT.choose(c);
        assertEquals(6, ch.chosen(), "sweep a drops out; b's knee k=4 moves to k=5");
        assertTrue(ch.explanation().contains("a: knee at k=3 (a sliver cluster, as at every k of the sweep)"),
                ch.explanation());
        List<Candidate> all = List.of(run("a", 2, 1.0, 0.001), run("a", 3, 0.5, 0.001), run("a", 4, 0.45, 0.001));
        assertEquals(1, KSelection.DEFAULT.choose(all).chosen(), "every sweep has slivers: the knee stays");
    }

    @Test
    void theKneeWithMoreClustersWinsAndTiesGoToTheBetterRanks() {
        List<Candidate> c = new ArrayList<>(List.of(run("a", 2, 1.0, 0.1), run("a", 3, 0.5, 0.1),
                run("a", 4, 0.45, 0.1), run("b", 2, 1.0, 0.1), run("b", 3, 0.9, 0.1), run("b", 4, 0.3, 0.1),
                run("b", 5, 0.29, 0.1)));
        KSelection.Choice ch = KSelection.DEFAULT.choose(c);
        assertEquals(5, ch.chosen(), ch.explanation());
        assertArrayEquals(new int[] {1, 5}, ch.finalists());
        // two knees at k=3; the second has the better CH, DB and silhouette
        List<Candidate> tie = List.of(run("a", 2, 1.0, 0.1), run("a", 3, 0.5, 0.1), run("a", 4, 0.45, 0.1),
                new Candidate("b2", "b", 2, 100, 1, 0.1, N, 0.1), new Candidate("b3", "b", 3, 1e6, 0.5, 0.5, N, 0.1),
                new Candidate("b4", "b", 4, 1e6 * 0.9, 0.6, 0.4, N, 0.1));
        assertEquals(4, KSelection.DEFAULT.choose(tie).chosen());
    }

    @Test
    void densityRunsTakePartOnlyWithoutASweep() {
        Candidate hdbscan = new Candidate("h", null, 9, 1e6, 0.1, 0.9, N, 0.1);
        List<Candidate> c = List.of(run("a", 2, 1.0, 0.1), run("a", 3, 0.5, 0.1), run("a", 4, 0.45, 0.1), hdbscan);
        assertEquals(1, KSelection.DEFAULT.choose(c).chosen());
        List<Candidate> alone = List.of(new Candidate("h1", null, 3, 10, 1, 0.1, N, 0.1), hdbscan,
                new Candidate("h0", null, 1, Double.NaN, Double.NaN, Double.NaN, N, 1));
        KSelection.Choice ch = KSelection.DEFAULT.choose(alone);
        assertEquals(1, ch.chosen());
        assertTrue(ch.explanation().contains("no k was swept"), ch.explanation());
    }

    @Test
    void shortSweepsHaveNoKneeAndNothingScoredFallsBack() {
        assertEquals(1, KSelection.DEFAULT.choose(List.of(run("a", 2, 1.0, 0.1), run("a", 3, 0.5, 0.1))).chosen());
        KSelection.Choice ch = KSelection.DEFAULT.choose(List.of(
                new Candidate("x", null, 1, Double.NaN, Double.NaN, Double.NaN, N, 1)));
        assertEquals(0, ch.chosen());
        assertTrue(ch.explanation().contains("no run could be scored"), ch.explanation());
    }

    static LongStream seeds() {
        return LongStream.range(0, 30);
    }

    /**
     * A convex curve with one sharp bend at k = b (W/T falls fast before, slowly after) has its knee at b, and the
     * chosen run is always one of the sweep's runs without a sliver.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void aSharpBendIsTheKnee(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int kMax = 8 + r.nextInt(23);
        int bend = 3 + r.nextInt(kMax - 5);
        double atBend = r.nextDouble(0.1, 0.3);
        List<Candidate> c = new ArrayList<>();
        for (int k = 2; k <= kMax; k++) {
            double w = k <= bend ? 1 - (1 - atBend) * (k - 2) / (bend - 2.0) : atBend * (1 - 0.01 * (k - bend));
            c.add(run("s", k, w, r.nextDouble() < 0.2 && k != bend ? 0.001 : 0.1));
        }
        KSelection.Choice ch = KSelection.DEFAULT.choose(c);
        assertEquals(bend, c.get(ch.chosen()).k(), ch.explanation());
        assertTrue(c.get(ch.chosen()).smallestShare() >= KSelection.DEFAULT.minShare());
    }

    @Test
    void badArgumentsNameTheParameter() {
        DescryException e = assertThrows(DescryException.class, () -> new KSelection(0.5));
        assertEquals("minShare must be in [0, 0.5), got 0.5", e.getMessage());
        assertThrows(DescryException.class, () -> KSelection.DEFAULT.choose(List.of()));
    }
}
