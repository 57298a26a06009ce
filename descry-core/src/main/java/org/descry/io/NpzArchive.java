package org.descry.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The zip container of {@code np.savez} / {@code np.savez_compressed} (PKWARE APPNOTE: central directory,
 * local headers, ZIP64 extensions, methods 0 "stored" and 8 "deflated"), read from the mapped file.
 *
 * <p>It is parsed here rather than with {@link java.util.zip.ZipFile} because a stored entry's {@code .npy}
 * should be used in place: only the central directory knows where an entry's bytes start, and ZipFile does
 * not say. A stored entry becomes a slice of the mapping (its CRC is not checked, which would read it all);
 * a deflated entry is inflated into memory (off the Java heap when large) and its CRC checked. Every offset
 * and size is checked against the file, and a declared size beyond what deflate can produce from the
 * compressed bytes (about 1032:1) is refused, so a zip bomb cannot make the reader allocate.
 */
final class NpzArchive {

    static final byte[] MAGIC = {'P', 'K', 3, 4};
    static final byte[] EMPTY_MAGIC = {'P', 'K', 5, 6};
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final long HEAP_LIMIT = 16L << 20;
    private static final int CHUNK = 1 << 26;

    private final SourceBytes src;
    private final MemorySegment b;
    private final long size;

    private NpzArchive(SourceBytes src) {
        this.src = src;
        this.b = src.bytes();
        this.size = b.byteSize();
    }

    static boolean hasMagic(SourceBytes src) {
        return NumpyReader.startsWith(src.bytes(), MAGIC) || NumpyReader.startsWith(src.bytes(), EMPTY_MAGIC);
    }

    /** The entries in directory order, keyed as numpy keys them: the name without its {@code .npy} suffix. */
    static Map<String, SourceBytes> entries(SourceBytes src) {
        return new NpzArchive(src).read();
    }

    private Map<String, SourceBytes> read() {
        long eocd = findEocd();
        long entries = u16(eocd + 10);
        long cdSize = u32(eocd + 12);
        long cdOffset = u32(eocd + 16);
        if (entries == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
            long locator = eocd - 20;
            if (locator < 0 || b.get(U32, locator) != ZIP64_LOCATOR) {
                throw src.fail("invalid .npz file: ZIP64 sizes without a ZIP64 locator");
            }
            long record = b.get(U64, locator + 8);
            if (record < 0 || record > size - 56 || b.get(U32, record) != ZIP64_EOCD) {
                throw src.fail("invalid .npz file: bad ZIP64 end of central directory offset " + record);
            }
            entries = b.get(U64, record + 32);
            cdSize = b.get(U64, record + 40);
            cdOffset = b.get(U64, record + 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > size || cdSize > size - cdOffset) {
            throw src.fail("truncated .npz file: the zip directory at byte " + Long.toUnsignedString(cdOffset)
                    + " (" + Long.toUnsignedString(cdSize) + " bytes) lies beyond the end, " + size + " bytes");
        }
        if (entries < 0 || entries > cdSize / 46) {
            throw src.fail("invalid .npz file: " + Long.toUnsignedString(entries) + " entries cannot fit a "
                    + cdSize + "-byte zip directory");
        }
        Map<String, SourceBytes> out = new LinkedHashMap<>();
        long p = cdOffset;
        for (long e = 0; e < entries; e++) {
            if (cdOffset + cdSize - p < 46 || b.get(U32, p) != CENTRAL) {
                throw src.fail("invalid .npz file: zip directory entry " + e + " at byte " + p + " is damaged");
            }
            int flags = u16(p + 8);
            int method = u16(p + 10);
            int crc = b.get(U32, p + 16);
            long csize = u32(p + 20);
            long usize = u32(p + 24);
            int nameLen = u16(p + 28);
            int extraLen = u16(p + 30);
            int commentLen = u16(p + 32);
            long local = u32(p + 42);
            long next = p + 46 + nameLen + extraLen + commentLen;
            if (next > cdOffset + cdSize) {
                throw src.fail("invalid .npz file: zip directory entry " + e + " at byte " + p + " is damaged");
            }
            String name = new String(b.asSlice(p + 46, nameLen).toArray(ValueLayout.JAVA_BYTE),
                    (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            long x = p + 46 + nameLen;
            long xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = u16(x);
                int len = u16(x + 2);
                long q = x + 4;
                if (q + len > xEnd) {
                    break;
                }
                if (id == 0x0001) {
                    long qEnd = q + len;
                    if (usize == 0xFFFFFFFFL && q + 8 <= qEnd) {
                        usize = b.get(U64, q);
                        q += 8;
                    }
                    if (csize == 0xFFFFFFFFL && q + 8 <= qEnd) {
                        csize = b.get(U64, q);
                        q += 8;
                    }
                    if (local == 0xFFFFFFFFL && q + 8 <= qEnd) {
                        local = b.get(U64, q);
                    }
                }
                x += 4 + len;
            }
            String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
            String label = src.label() + "[" + PickleMachine.printable(key) + "]";
            if ((flags & 1) != 0) {
                throw src.fail("unsupported .npz file: entry '" + PickleMachine.printable(name) + "' is encrypted");
            }
            if (local < 0 || local > size - 30 || b.get(U32, local) != LOCAL) {
                throw src.fail("invalid .npz file: entry '" + PickleMachine.printable(name) + "' has no local header at byte "
                        + Long.toUnsignedString(local));
            }
            long data = local + 30 + u16(local + 26) + u16(local + 28);
            if (csize < 0 || data > size || csize > size - data) {
                throw src.fail("truncated .npz file: entry '" + PickleMachine.printable(name) + "' declares "
                        + Long.toUnsignedString(csize) + " bytes at byte " + data + ", the file has " + size);
            }
            SourceBytes entry = switch (method) {
                case 0 -> {
                    if (usize != csize) {
                        throw src.fail("invalid .npz file: stored entry '" + PickleMachine.printable(name) + "' has sizes "
                                + csize + " and " + Long.toUnsignedString(usize));
                    }
                    yield src.slice(data, csize, label);
                }
                case 8 -> new SourceBytes(src.path(), label, inflate(name, data, csize, usize, crc), -1);
                default -> throw src.fail("unsupported .npz file: entry '" + PickleMachine.printable(name)
                        + "' uses zip compression method " + method + " (numpy writes 0 or 8)");
            };
            out.putIfAbsent(key, entry);
            p = next;
        }
        return out;
    }

    private long findEocd() {
        long last = size - 22;
        long first = Math.max(0, last - 0xFFFF);
        for (long p = last; p >= first; p--) {
            if (b.get(U32, p) == EOCD && p + 22 + u16(p + 20) <= size) {
                return p;
            }
        }
        throw src.fail("truncated .npz file: no zip end-of-directory record (" + size + " bytes)");
    }

    private MemorySegment inflate(String name, long data, long csize, long usize, int crc) {
        String what = "entry '" + PickleMachine.printable(name) + "'";
        if (usize < 0 || usize / MAX_DEFLATE_RATIO > csize + 1) {
            throw src.fail("invalid .npz file: " + what + " claims " + Long.toUnsignedString(usize) + " bytes from "
                    + csize + " compressed, more than deflate can produce");
        }
        MemorySegment out;
        try {
            out = usize <= HEAP_LIMIT ? MemorySegment.ofArray(new byte[(int) usize])
                    : Arena.ofAuto().allocate(usize, 64);
        } catch (OutOfMemoryError e) {
            throw src.fail("not enough memory to inflate " + what + " (" + usize
                    + " bytes); save it with np.savez (uncompressed), which Descry maps in place");
        }
        MemorySegment in = b.asSlice(data, csize);
        Inflater inflater = new Inflater(true);
        try {
            long inPos = 0;
            long outPos = 0;
            int idle = 0;
            ByteBuffer spill = ByteBuffer.allocate(1);
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (inPos >= csize) {
                        throw src.fail("truncated .npz file: " + what + " ends before its deflate stream does");
                    }
                    long n = Math.min(CHUNK, csize - inPos);
                    inflater.setInput(in.asSlice(inPos, n).asByteBuffer());
                    inPos += n;
                }
                int k;
                if (outPos < usize) {
                    k = inflater.inflate(out.asSlice(outPos, Math.min(CHUNK, usize - outPos)).asByteBuffer());
                    outPos += k;
                } else {
                    k = inflater.inflate(spill.clear());
                    if (k > 0) {
                        throw src.fail("invalid .npz file: " + what + " inflates to more than its declared "
                                + usize + " bytes");
                    }
                }
                if (inflater.needsDictionary()) {
                    throw src.fail("invalid .npz file: " + what + " needs a preset deflate dictionary");
                }
                idle = k == 0 && !inflater.needsInput() ? idle + 1 : 0;
                if (idle > 2) {
                    throw src.fail("invalid .npz file: " + what + " has a damaged deflate stream");
                }
            }
            if (outPos != usize) {
                throw src.fail("invalid .npz file: " + what + " inflates to " + outPos + " bytes, the zip directory says "
                        + usize);
            }
        } catch (DataFormatException e) {
            throw src.fail("invalid .npz file: " + what + " has a damaged deflate stream (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        CRC32 check = new CRC32();
        for (long p = 0; p < usize; p += CHUNK) {
            check.update(out.asSlice(p, Math.min(CHUNK, usize - p)).asByteBuffer());
        }
        if ((int) check.getValue() != crc) {
            throw src.fail("invalid .npz file: " + what + " fails its CRC check (damaged file)");
        }
        return out.asReadOnly();
    }

    private int u16(long p) {
        return Short.toUnsignedInt(b.get(U16, p));
    }

    private long u32(long p) {
        return Integer.toUnsignedLong(b.get(U32, p));
    }
}
