package org.descry.study;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The study's planned steps and an estimate of the work left, for {@link StudyProgress}. Each step has a kind
 * ({@code "kmeans"}, {@code "preprocessing"}, ...) and a number of units; a unit's cost is the mean measured
 * seconds per unit of its kind so far. A kind not measured yet is costed from {@link #PRIOR}, the seconds per unit
 * each kind took in the reference run (the default study at full size on the idle 2-core machine,
 * {@code descry-bench/README.md}), scaled by how long the finished steps took against what the same table says
 * they would: the table gives the kinds' relative costs, the finished work this machine's and this case's speed.
 * (A plain mean of the finished steps would cost a 29-value k sweep as 29 outlier steps after the outlier step,
 * which at full size said 8 hours where 20 minutes were left.) A kind missing from the table costs the mean
 * finished step shared among its units. The ETA firms up as every kind has run once (the first descriptor set); a
 * unit read back from an earlier run costs nearly nothing and makes the estimate optimistic until fresh work is
 * measured.
 */
final class StudyPlan {

    private record Step(String kind, String name, long units) {}

    /** Seconds per unit of each kind in the reference run (per descriptor set, mean of the four sets). */
    static final Map<String, Double> PRIOR = Map.ofEntries(
            Map.entry("outliers", 420.0), Map.entry("scaler choice", 0.5), Map.entry("preprocessing", 8.5),
            Map.entry("kmeans", 1.05), Map.entry("agglomerative", 5.0), Map.entry("hdbscan", 5.0),
            Map.entry("stability", 1.0), Map.entry("pictures", 12.5), Map.entry("scalers", 3.1),
            Map.entry("report", 5.0));

    private final List<Step> steps = new ArrayList<>();
    private final Map<String, double[]> measured = new HashMap<>();
    private final LongSupplier clock;
    private final StudyProgress out;
    private long studyStart = -1;
    private int current = -1;
    private long stepStart;
    private long stepDone;
    private long lastUnit;
    private double finishedSeconds;
    private int finishedSteps;
    private double finishedPriorSeconds;
    private double finishedPriorMeasured;

    StudyPlan(StudyProgress out, LongSupplier nanoClock) {
        this.out = out;
        this.clock = nanoClock;
    }

    /** Adds a planned step of {@code units} units (at least one). */
    void plan(String kind, String name, long units) {
        steps.add(new Step(kind, name, Math.max(1, units)));
    }

    int steps() {
        return steps.size();
    }

    /** Starts the next planned step, which must be named {@code name}; returns its log line. */
    String start(String name) {
        long now = clock.getAsLong();
        if (studyStart < 0) {
            studyStart = now;
        }
        finishCurrent();
        current++;
        if (current >= steps.size() || !steps.get(current).name().equals(name)) {
            throw new IllegalStateException("step " + name + " was not planned next");
        }
        stepStart = now;
        lastUnit = now;
        stepDone = 0;
        report();
        double eta = studyEta();
        return String.format(Locale.ROOT, "step %d/%d: %s; study %.0f%% done%s", current + 1, steps.size(), name,
                100 * fraction(), Double.isNaN(eta) ? "" : ", ETA " + clock(eta));
    }

    /** One more unit of the current step is done. */
    void unit() {
        long now = clock.getAsLong();
        double[] m = measured.computeIfAbsent(steps.get(current).kind(), k -> new double[2]);
        m[0] += (now - lastUnit) / 1e9;
        m[1]++;
        lastUnit = now;
        stepDone = Math.min(stepDone + 1, steps.get(current).units());
        report();
    }

    /** Ends the plan: the last step counts as done. */
    void finish() {
        finishCurrent();
        current = steps.size();
    }

    private void finishCurrent() {
        if (current >= 0 && current < steps.size()) {
            double seconds = (clock.getAsLong() - stepStart) / 1e9;
            finishedSeconds += seconds;
            finishedSteps++;
            Double prior = PRIOR.get(steps.get(current).kind());
            if (prior != null) {
                finishedPriorSeconds += prior * steps.get(current).units();
                finishedPriorMeasured += seconds;
            }
            long left = steps.get(current).units() - stepDone;
            if (left > 0) {
                long now = clock.getAsLong();
                double[] m = measured.computeIfAbsent(steps.get(current).kind(), k -> new double[2]);
                m[0] += (now - lastUnit) / 1e9;
                m[1] += left;
                stepDone += left;
                lastUnit = now;
            }
        }
    }

    private double cost(Step step) {
        double[] m = measured.get(step.kind());
        if (m != null && m[1] > 0) {
            return m[0] / m[1];
        }
        Double prior = PRIOR.get(step.kind());
        if (prior != null && finishedPriorSeconds > 0) {
            return prior * finishedPriorMeasured / finishedPriorSeconds;
        }
        return finishedSteps > 0 ? finishedSeconds / finishedSteps / step.units() : Double.NaN;
    }

    /** Estimated seconds of work left, NaN before anything was measured. */
    double studyEta() {
        double left = 0;
        for (int i = Math.max(0, current); i < steps.size(); i++) {
            Step s = steps.get(i);
            long units = i == current ? s.units() - stepDone : s.units();
            if (units > 0) {
                left += units * cost(s);
            }
        }
        return left;
    }

    /** Share of the estimated work done: elapsed over elapsed plus the estimate left. */
    double fraction() {
        if (current >= steps.size()) {
            return 1;
        }
        double eta = studyEta();
        double elapsed = studyStart < 0 ? 0 : (clock.getAsLong() - studyStart) / 1e9;
        if (Double.isNaN(eta)) {
            return 0;
        }
        return elapsed + eta <= 0 ? 0 : elapsed / (elapsed + eta);
    }

    private void report() {
        long now = clock.getAsLong();
        Step s = steps.get(current);
        double stepSeconds = (now - stepStart) / 1e9;
        double stepEta = stepDone == 0 ? Double.NaN : stepSeconds * (s.units() - stepDone) / stepDone;
        out.update(new StudyProgress.Status(s.name(), current + 1, steps.size(), stepDone, s.units(), stepSeconds,
                stepEta, fraction(), (now - studyStart) / 1e9, studyEta()));
    }

    /** Seconds as {@code m:ss} or {@code h:mm:ss}. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
