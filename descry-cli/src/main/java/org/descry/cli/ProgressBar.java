package org.descry.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.descry.data.Progress;

/**
 * A one-line terminal progress bar with rate and ETA, on stderr.
 *
 * <p>It draws only on a terminal and only once the work has run for a second, so quick commands and
 * redirected output stay clean. Redraws are throttled to about ten a second; {@link #close} ends the line.
 */
final class ProgressBar implements Progress, AutoCloseable {

    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final String label;
    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(String label, PrintWriter err) {
        this(label, err, isTerminal());
    }

    ProgressBar(String label, PrintWriter err, boolean terminal) {
        this.label = label;
        this.err = err;
        this.terminal = terminal;
    }

    static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public synchronized void step(long done, long total) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - start < DELAY_NANOS || (now - lastDraw < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + line(done, total, now - start) + "\u001b[K");
        err.flush();
    }

    /** The bar text, for example {@code info [#######.......] 45% 2,250/5,000 ETA 0:12}. */
    String line(long done, long total, long elapsedNanos) {
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            int fill = (int) Math.round(f * WIDTH);
            sb.append('[').append("#".repeat(fill)).append(".".repeat(WIDTH - fill)).append("] ");
            sb.append(String.format("%3d%% %,d/%,d", Math.round(f * 100), done, total));
            if (done > 0 && done < total) {
                long eta = (long) (elapsedNanos * (double) (total - done) / done);
                sb.append(" ETA ").append(clock(Duration.ofNanos(eta)));
            } else {
                sb.append(" in ").append(clock(Duration.ofNanos(elapsedNanos)));
            }
        } else {
            sb.append(String.format("%,d", done));
        }
        return sb.toString();
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    /** Prints a line of text above the bar (the bar is redrawn at the next step). */
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
