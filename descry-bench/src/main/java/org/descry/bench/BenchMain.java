package org.descry.bench;

/** Entry point of the benchmark jar. */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
