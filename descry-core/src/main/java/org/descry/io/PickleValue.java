package org.descry.io;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The Java values {@link PickleMachine} builds in place of Python objects. Python scalars are {@link Long},
 * {@link java.math.BigInteger}, {@link Double}, {@link Boolean} and {@link String}; everything else is one of
 * these. None of them runs code: a "call" of an allowed global only fills in one of these records.
 */
sealed interface PickleValue {

    /** Python {@code None}. */
    enum None implements PickleValue { NONE }

    /**
     * A {@code bytes}/{@code bytearray} value. {@code fileOffset} is where the bytes sit in the source file
     * (so a large payload is used in place), or -1 when they were decoded into memory.
     */
    record Bytes(MemorySegment segment, long fileOffset) implements PickleValue {}

    /**
     * A string too large to materialise, left in the file: UTF-8 ({@code BINUNICODE}) or raw-unicode-escape
     * ({@code UNICODE}, protocol 0). Only {@code _codecs.encode(text, 'latin1')} consumes it.
     */
    record LargeText(MemorySegment segment, boolean rawUnicodeEscape) implements PickleValue {}

    record Tuple(List<Object> items) implements PickleValue {}

    record PyList(ArrayList<Object> items) implements PickleValue {}

    record Dict(LinkedHashMap<Object, Object> items) implements PickleValue {}

    /** A set or frozenset; kept only so such pickles parse. */
    record PySet(ArrayList<Object> items) implements PickleValue {}

    /** An allowed global, the only thing REDUCE/NEWOBJ accept as a callable. */
    record Global(PickleGlobal global) implements PickleValue {}

    /** Python {@code slice(start, stop, step)}, which pandas uses for block placements. */
    record Slice(Object start, Object stop, Object step) implements PickleValue {}

    /** A {@code numpy.dtype}: a kind letter and size from the constructor, the byte order from BUILD. */
    final class DTypeValue implements PickleValue {
        final char kind;
        final int size;
        char order = '|';
        boolean structured;

        DTypeValue(char kind, int size) {
            this.kind = kind;
            this.size = size;
        }
    }

    /**
     * A {@code numpy.ndarray} under construction: {@code _reconstruct} creates it empty and BUILD supplies
     * the state; {@code _frombuffer} (protocol 5) creates it complete. {@code raw} is {@link Bytes} for a
     * numeric array or a {@link PyList} for an object array.
     */
    final class Ndarray implements PickleValue {
        long[] shape;
        DTypeValue dtype;
        boolean fortran;
        Object raw;
    }

    /** A pandas object: which class or function made it, its arguments, and the state BUILD gave it. */
    final class Pandas implements PickleValue {
        final PickleGlobal kind;
        final List<Object> args;
        Object state;

        Pandas(PickleGlobal kind, List<Object> args) {
            this.kind = kind;
            this.args = args;
        }
    }
}
