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
        // kmeans is not measured yet: a step of it is guessed at the 10 s a finished step took
        assertEquals("step 2/4: a: kmeans k sweep; study 25% done, ETA 0:30", plan.start("a: kmeans k sweep"));
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
    void unmeasuredKindsCostTheMeanStepAndFinishingEndsAtOne() {
        List<StudyProgress.Status> seen = new ArrayList<>();
        StudyPlan plan = new StudyPlan(seen::add, () -> now);
        plan.plan("outliers", "outliers", 1);
        plan.plan("stability", "a: stability", 2);
        plan.start("outliers");
        now += 4_000_000_000L;
        String line = plan.start("a: stability");
        assertTrue(line.endsWith("ETA 0:04"), line);
        plan.finish();
        assertEquals(1.0, plan.fraction());
        assertEquals("1:01:01", StudyPlan.clock(3661));
    }
}
