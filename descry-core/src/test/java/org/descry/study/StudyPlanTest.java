package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The study's progress: steps in order, each step's own ETA, the study's ETA from measured cost per kind. */
class StudyPlanTest {

    private long now;

    @Test
    void etaWeighsRemainingUnitsByTheMeasuredCostOfTheirKind() {
        List<StudyProgress.Status> seen = new ArrayList<>();
        StudyPlan plan = new StudyPlan(seen::add, () -> now);
        plan.plan("preprocessing", "a: preprocessing", 1);
        plan.plan("kmeans", "a: kmeans k sweep", 4);
        plan.plan("preprocessing", "b: preprocessing", 1);
        plan.plan("kmeans", "b: kmeans k sweep", 4);
        assertEquals("step 1/4: a: preprocessing; study 0% done", plan.start("a: preprocessing"));
        now += 10_000_000_000L;
        // kmeans is not measured yet: its reference cost per unit, scaled by how preprocessing compared with its own
        double kmeans = StudyPlan.PRIOR.get("kmeans") * 10 / StudyPlan.PRIOR.get("preprocessing");
        String line = plan.start("a: kmeans k sweep");
        assertTrue(line.endsWith("ETA " + StudyPlan.clock(8 * kmeans + 10)), line);
        now += 2_000_000_000L;
        plan.unit();
        StudyProgress.Status s = seen.get(seen.size() - 1);
        assertEquals(1, s.done());
        assertEquals(4, s.total());
        assertEquals(6.0, s.stepEta(), 1e-9);
        // left: 3 kmeans units at 2 s, 1 preprocessing at 10 s, 4 kmeans at 2 s
        assertEquals(6 + 10 + 8, s.studyEta(), 1e-9);
        assertEquals(12.0 / (12 + 24), s.studyFraction(), 1e-9);
        assertEquals(2, s.stepNumber());
        assertThrows(IllegalStateException.class, () -> plan.start("b: kmeans k sweep"));
    }

    @Test
    void kindsOutsideTheReferenceCostTheMeanStepAndFinishingEndsAtOne() {
        List<StudyProgress.Status> seen = new ArrayList<>();
        StudyPlan plan = new StudyPlan(seen::add, () -> now);
        plan.plan("outliers", "outliers", 1);
        plan.plan("gmm", "a: gmm k sweep", 2);
        plan.plan("stability", "a: stability", 600);
        plan.start("outliers");
        now += 4_000_000_000L;
        // gmm has no reference cost: the 4 s step shared among its units; stability is 1/420 of the outlier step
        String line = plan.start("a: gmm k sweep");
        assertTrue(line.endsWith("ETA " + StudyPlan.clock(4 + 600 * 4.0 / 420)), line);
        plan.finish();
        assertEquals(1.0, plan.fraction());
        assertEquals("1:01:01", StudyPlan.clock(3661));
    }
}
