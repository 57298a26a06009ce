package org.descry.io;

import java.util.Locale;

/**
 * The numpy element types Descry reads: the numeric dtypes that descriptor files are saved in.
 *
 * <p>numpy describes a dtype by a kind letter and a byte size ({@code 'f4'}, {@code '<i8'}, {@code '|u1'}; the
 * "array interface" type string); the byte order is kept apart, in {@link NumpyArray#byteOrder()}. Object,
 * string, datetime and structured dtypes are not listed: they hold Python objects or records, not numbers,
 * and the reader refuses them with a message that names them.
 */
public enum DType {
    BOOL("bool", 'b', 1),
    INT8("int8", 'i', 1),
    UINT8("uint8", 'u', 1),
    INT16("int16", 'i', 2),
    UINT16("uint16", 'u', 2),
    INT32("int32", 'i', 4),
    UINT32("uint32", 'u', 4),
    INT64("int64", 'i', 8),
    UINT64("uint64", 'u', 8),
    FLOAT16("float16", 'f', 2),
    FLOAT32("float32", 'f', 4),
    FLOAT64("float64", 'f', 8);

    private final String numpyName;
    private final char kind;
    private final int itemSize;

    DType(String numpyName, char kind, int itemSize) {
        this.numpyName = numpyName;
        this.kind = kind;
        this.itemSize = itemSize;
    }

    /** The name numpy prints, e.g. {@code "float32"}. */
    public String numpyName() {
        return numpyName;
    }

    /** The array-interface kind letter: {@code 'b'}, {@code 'i'}, {@code 'u'} or {@code 'f'}. */
    public char kind() {
        return kind;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** True for float16, float32 and float64, the only dtypes that can hold NaN or infinity. */
    public boolean isFloating() {
        return kind == 'f';
    }

    /** The dtype numpy calls {@code name} ({@code "float32"}, {@code "uint8"}, ...). */
    public static DType forNumpyName(String name) {
        for (DType t : values()) {
            if (t.numpyName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("name must be a numeric numpy dtype name such as float32, got '" + name + "'");
    }

    /** The dtype of kind letter {@code kind} and {@code size} bytes, or {@code null} when Descry has none. */
    static DType forKind(char kind, int size) {
        for (DType t : values()) {
            if (t.kind == kind && t.itemSize == size) {
                return t;
            }
        }
        return null;
    }

    /** Describes an unsupported kind letter for an error message. */
    static String describeKind(char kind, int size) {
        return switch (kind) {
            case 'O' -> "object (Python objects, not numbers)";
            case 'U', 'S', 'a' -> "string '" + kind + size + "'";
            case 'V' -> "void/structured '" + kind + size + "'";
            case 'M', 'm' -> "datetime/timedelta '" + kind + size + "'";
            case 'c' -> "complex '" + kind + size + "'";
            default -> "'" + kind + size + "'";
        };
    }

    @Override
    public String toString() {
        return numpyName.toLowerCase(Locale.ROOT);
    }
}
