package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.descry.study.StudyProgress;
import org.junit.jupiter.api.Test;

class StudyProgressBarTest {

    @Test
    void lineShowsTheStudyAndTheStepWithTheirEtas() {
        StudyProgress.Status s = new StudyProgress.Status("hog: kmeans k sweep", 7, 25, 12, 29, 30, 42.5, 0.41,
                130, 190);
        assertEquals("study [#######.........]  41% ETA 3:10 | 7/25 hog: kmeans k sweep [####......] 12/29 ETA 0:42",
                StudyProgressBar.line(s));
        StudyProgress.Status start = new StudyProgress.Status("outliers", 1, 25, 0, 1, 0, Double.NaN, 0, 0,
                Double.NaN);
        assertEquals("study [................]   0% ETA ? | 1/25 outliers [..........] 0/1", StudyProgressBar.line(start));
    }

    @Test
    void drawsNothingWhenNotATerminal() {
        StringWriter w = new StringWriter();
        try (StudyProgressBar bar = new StudyProgressBar(new PrintWriter(w), false)) {
            bar.update(new StudyProgress.Status("x", 1, 1, 0, 1, 0, Double.NaN, 0, 0, Double.NaN));
            bar.println("a line");
        }
        assertEquals("a line" + System.lineSeparator(), w.toString());
    }
}
