package org.descry.study;

/**
 * Where a study reports how far it is: the step it is in (the outliers, preprocessing a descriptor set, one
 * algorithm's k sweep, the stability check, the pictures, the scaler comparison, the report), how far that step
 * is, and how far the whole study is. The CLI draws it as a bar with two ETAs; implementations must be cheap.
 */
@FunctionalInterface
public interface StudyProgress {

    /** Nothing reported. */
    StudyProgress NONE = s -> { };

    void update(Status status);

    /**
     * One report.
     *
     * @param step           what the study is doing, e.g. {@code "hog: kmeans k sweep"}
     * @param stepNumber     its number, from 1
     * @param steps          planned steps
     * @param done           units of the step finished (runs of a sweep, trials of a stability check)
     * @param total          units of the step
     * @param stepSeconds    time spent in the step
     * @param stepEta        seconds left in the step at its measured rate (NaN before its first unit)
     * @param studyFraction  share of the whole study's estimated work done, in {@code [0, 1]}
     * @param studySeconds   time since the study started
     * @param studyEta       seconds left in the study (NaN before anything was measured)
     */
    record Status(String step, int stepNumber, int steps, long done, long total, double stepSeconds, double stepEta,
                  double studyFraction, double studySeconds, double studyEta) {}
}
