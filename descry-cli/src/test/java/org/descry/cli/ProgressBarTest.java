package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void lineShowsShareCountsAndEta() {
        ProgressBar bar = new ProgressBar("info", new PrintWriter(new StringWriter()), true);
        String line = bar.line(250, 1000, Duration.ofSeconds(10).toNanos());
        assertTrue(line.startsWith("info [########......................]  25% 250/1,000 ETA 0:30"), line);
        assertTrue(bar.line(1000, 1000, Duration.ofSeconds(75).toNanos()).endsWith("in 1:15"));
        assertEquals("1:01:01", ProgressBar.clock(Duration.ofSeconds(3661)));
    }

    @Test
    void drawsNothingWhenNotATerminal() {
        StringWriter s = new StringWriter();
        try (ProgressBar bar = new ProgressBar("x", new PrintWriter(s), false)) {
            bar.step(1, 2);
        }
        assertEquals("", s.toString());
    }
}
