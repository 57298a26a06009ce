package org.descry.cli;

/** The {@code descry} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("descry");
    }
}
