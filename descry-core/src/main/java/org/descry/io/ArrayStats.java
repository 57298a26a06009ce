package org.descry.io;

/**
 * Summary of an array's values, taken over the values as stored (before any conversion to float32), in
 * double precision, in one streaming pass: a 4 GB mapped file is read once and never copied.
 *
 * <p>It exists so that a user learns about NaN or infinite descriptors (a failed CNN forward pass, a corrupt
 * export) by row number before clustering silently produces garbage. For integer dtypes the non-finite
 * counts are zero.
 *
 * @param count       number of elements
 * @param sum         float64 sum of the finite elements
 * @param nanCount    number of NaN elements
 * @param infCount    number of positive or negative infinite elements
 * @param badRows     number of rows (first-axis entries) holding at least one non-finite element
 * @param firstBadRow index of the first such row, or -1
 */
public record ArrayStats(long count, double sum, long nanCount, long infCount, long badRows, long firstBadRow) {

    /** True when every element is finite. */
    public boolean allFinite() {
        return nanCount == 0 && infCount == 0;
    }
}
