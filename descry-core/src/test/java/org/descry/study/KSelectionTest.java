package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The study's k rule: mean of CH and DB ranks among runs without sliver clusters, ties to the smaller k. */
class KSelectionTest {

    @Test
    void picksTheRunBothCriteriaLike() {
        List<Candidate> c = List.of(
                new Candidate("k2", 2, 900, 1.5, 0.4),
                new Candidate("k3", 3, 800, 0.9, 0.2),
                new Candidate("k4", 4, 700, 1.1, 0.1));
        // CH ranks 1,2,3; DB ranks 3,1,2; means 2, 1.5, 2.5
        KSelection.Choice ch = KSelection.DEFAULT.choose(c);
        assertEquals(1, ch.chosen());
        assertEquals(1.5, ch.meanRank()[1]);
        assertTrue(ch.explanation().startsWith("k3 (k=3) has the best mean rank 1.5"), ch.explanation());
    }

    @Test
    void leavesOutSliverClustersAndSaysSo() {
        List<Candidate> c = List.of(
                new Candidate("a", 5, 1000, 0.5, 0.001),
                new Candidate("b", 6, 10, 2.0, 0.05),
                new Candidate("c", 7, 20, 1.0, 0.05));
        KSelection.Choice ch = new KSelection(0.01).choose(c);
        assertEquals(2, ch.chosen());
        assertFalse(ch.eligible()[0]);
        assertTrue(Double.isNaN(ch.meanRank()[0]));
        assertTrue(ch.explanation().contains("(1 left out)"), ch.explanation());
    }

    @Test
    void tiesGoToTheSmallerKAndNaNRanksLast() {
        List<Candidate> c = List.of(
                new Candidate("k5", 5, 100, 1.0, 0.1),
                new Candidate("k3", 3, 100, 1.0, 0.1),
                new Candidate("k4", 4, Double.NaN, Double.NaN, 0.1));
        assertEquals(1, KSelection.DEFAULT.choose(c).chosen());
    }

    @Test
    void whenNoRunQualifiesAllAreRanked() {
        List<Candidate> c = List.of(new Candidate("a", 2, 5, 1, 0.0001), new Candidate("b", 3, 9, 1, 0.0001));
        KSelection.Choice ch = KSelection.DEFAULT.choose(c);
        assertEquals(1, ch.chosen());
        assertTrue(ch.explanation().contains("all runs were ranked"), ch.explanation());
    }

    static LongStream seeds() {
        return LongStream.range(0, 30);
    }

    /** A run that is best on both criteria is always chosen, whatever the others are. */
    @ParameterizedTest
    @MethodSource("seeds")
    void aRunBestOnBothIsChosen(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = 2 + r.nextInt(20);
        int star = r.nextInt(m);
        List<Candidate> c = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            boolean s = i == star;
            c.add(new Candidate("r" + i, 2 + i, s ? 1e6 : r.nextDouble(1, 1000), s ? 0.01 : r.nextDouble(0.1, 3),
                    r.nextDouble(0.01, 0.4)));
        }
        assertEquals(star, KSelection.DEFAULT.choose(c).chosen());
    }

    @Test
    void badArgumentsNameTheParameter() {
        DescryException e = assertThrows(DescryException.class, () -> new KSelection(0.5));
        assertEquals("minShare must be in [0, 0.5), got 0.5", e.getMessage());
        assertThrows(DescryException.class, () -> KSelection.DEFAULT.choose(List.of()));
    }
}
