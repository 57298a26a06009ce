package org.descry.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.descry.study.StudyProgress;

/**
 * The study's progress on one terminal line: the whole study's bar with its ETA, then the current step's bar with
 * its own, e.g. {@code study [######........]  41% ETA 3:10 | 7/25 hog: kmeans k sweep [###.....] 12/29 ETA 0:40}.
 * Like {@link ProgressBar} it draws only on a terminal, after a second, at most ten times a second; lines printed
 * with {@link #println} go above it, so a non-terminal gets the study's plain log lines only.
 */
final class StudyProgressBar implements StudyProgress, AutoCloseable {

    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;
    private int lastStep;

    StudyProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void update(Status s) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        boolean newStep = s.stepNumber() != lastStep;
        lastStep = s.stepNumber();
        if (now - start < DELAY_NANOS || (!newStep && now - lastDraw < REDRAW_NANOS && s.done() < s.total())) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + line(s) + "\u001b[K");
        err.flush();
    }

    /** The bar text of one status. */
    static String line(Status s) {
        StringBuilder sb = new StringBuilder("study ");
        bar(sb, s.studyFraction(), 16);
        sb.append(String.format(" %3d%%", Math.round(100 * s.studyFraction())));
        sb.append(Double.isNaN(s.studyEta()) ? " ETA ?" : " ETA " + clock(s.studyEta()));
        sb.append(" | ").append(s.stepNumber()).append('/').append(s.steps()).append(' ').append(s.step()).append(' ');
        bar(sb, s.total() <= 0 ? 0 : (double) s.done() / s.total(), 10);
        sb.append(' ').append(s.done()).append('/').append(s.total());
        if (s.done() > 0 && s.done() < s.total() && !Double.isNaN(s.stepEta())) {
            sb.append(" ETA ").append(clock(s.stepEta()));
        }
        return sb.toString();
    }

    private static void bar(StringBuilder sb, double fraction, int width) {
        int fill = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        sb.append('[').append("#".repeat(fill)).append(".".repeat(width - fill)).append(']');
    }

    private static String clock(double seconds) {
        return ProgressBar.clock(Duration.ofMillis(Math.round(1000 * Math.max(0, seconds))));
    }

    /** Prints a line of text above the bar (the bar is redrawn at the next update). */
    synchronized void println(String text) {
        if (drawn) {
            err.print("\r\u001b[K");
        }
        err.println(text);
        err.flush();
        lastDraw = 0;
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
