package org.descry.label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.descry.data.DescryException;

/**
 * A train/test split by group: every row of one group (all shots of one garment, one car) falls on the same side,
 * so a test image never has a near-twin in training and the accuracy measured is that of labelling new things,
 * not new photos of known things. scikit-learn's {@code GroupShuffleSplit} does the same; this one draws
 * {@code round(testFraction * groups)} groups for the test side with a seeded shuffle of the sorted group names
 * (Fisher-Yates over {@link SplittableRandom}), so the same seed gives the same split on any machine.
 *
 * @param testFraction share of the groups on the test side, in (0, 1)
 * @param seed         random seed
 */
public record GroupSplit(double testFraction, long seed) {

    public GroupSplit {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new DescryException("test fraction must be in (0, 1), got " + testFraction);
        }
    }

    /**
     * Which rows are on the test side, given each row's group (none empty). At least one group goes to each side,
     * so there must be two groups or more.
     */
    public boolean[] testRows(List<String> groups) {
        TreeSet<String> distinct = new TreeSet<>();
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            if (g == null || g.isBlank()) {
                throw new DescryException("group of row " + i + " is empty");
            }
            distinct.add(g);
        }
        if (distinct.size() < 2) {
            throw new DescryException("a group split needs at least 2 groups, got " + distinct.size());
        }
        List<String> order = new ArrayList<>(distinct);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        int test = (int) Math.max(1, Math.min(order.size() - 1, Math.round(testFraction * order.size())));
        Map<String, Boolean> side = new HashMap<>(order.size() * 2);
        for (int i = 0; i < order.size(); i++) {
            side.put(order.get(i), i < test);
        }
        boolean[] out = new boolean[groups.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = side.get(groups.get(i));
        }
        return out;
    }

    /** Indices of the rows where {@code mask} is {@code want}, increasing. */
    public static int[] rows(boolean[] mask, boolean want) {
        int n = 0;
        for (boolean b : mask) {
            n += b == want ? 1 : 0;
        }
        int[] out = new int[n];
        for (int i = 0, j = 0; i < mask.length; i++) {
            if (mask[i] == want) {
                out[j++] = i;
            }
        }
        return out;
    }
}
