package org.descry.io;

/**
 * The allow-list of Python globals a pickle may name: exactly those that numpy 1.x and 2.x write for an
 * {@code ndarray} (protocols 0-5), plus the few pandas 1.x names of a single-block {@code DataFrame}.
 *
 * <p>A pickle is a program: {@code GLOBAL}/{@code STACK_GLOBAL} import any callable and {@code REDUCE} calls it,
 * which is how a hostile file runs {@code os.system}. {@link PickleMachine} looks every name up here when the
 * opcode is read and refuses the file on the first name that is not listed, before any call opcode. A listed
 * name is never imported or called either: it only tells the machine which plain Java value to build.
 */
enum PickleGlobal {
    RECONSTRUCT("numpy.core.multiarray", "_reconstruct"),
    RECONSTRUCT_2("numpy._core.multiarray", "_reconstruct"),
    NDARRAY("numpy", "ndarray"),
    DTYPE("numpy", "dtype"),
    FROMBUFFER("numpy.core.numeric", "_frombuffer"),
    FROMBUFFER_2("numpy._core.numeric", "_frombuffer"),
    CODECS_ENCODE("_codecs", "encode"),
    SLICE("builtins", "slice"),
    SLICE_PY2("__builtin__", "slice"),
    DATAFRAME("pandas.core.frame", "DataFrame"),
    BLOCK_MANAGER("pandas.core.internals.managers", "BlockManager"),
    UNPICKLE_BLOCK("pandas._libs.internals", "_unpickle_block"),
    NEW_INDEX("pandas.core.indexes.base", "_new_Index"),
    INDEX("pandas.core.indexes.base", "Index"),
    RANGE_INDEX("pandas.core.indexes.range", "RangeIndex");

    private final String module;
    private final String name;

    PickleGlobal(String module, String name) {
        this.module = module;
        this.name = name;
    }

    /** The listed global {@code module.name}, or {@code null}. */
    static PickleGlobal find(String module, String name) {
        for (PickleGlobal g : values()) {
            if (g.module.equals(module) && g.name.equals(name)) {
                return g;
            }
        }
        return null;
    }

    /** True for the pandas names, whose values are only inspected to find the frame's block of numbers. */
    boolean isPandas() {
        return module.startsWith("pandas.");
    }

    @Override
    public String toString() {
        return module + "." + name;
    }
}
