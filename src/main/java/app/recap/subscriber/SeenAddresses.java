package app.recap.subscriber;

/**
 * The addresses seen so far in an import file, kept as 64-bit hashes with the row they were on (12 bytes an
 * address instead of the address itself), so a million-row file needs a few megabytes. Two different addresses
 * sharing a hash (about one chance in ten million for a million rows) would be reported as a duplicate.
 */
final class SeenAddresses {

    private long[] keys;
    private long[] rows;
    private int size;

    /**
     * Sized for {@code expected} addresses (the file's rows, known from its first pass), so a large file never
     * holds the old and the new table at once while it grows: 48 MB instead of 32 for a million rows.
     */
    SeenAddresses(long expected) {
        int capacity = 1 << 12;
        while (capacity < 1 << 30 && capacity <= expected * 2) {
            capacity <<= 1;
        }
        keys = new long[capacity];
        rows = new long[capacity];
    }

    /** Records the address on a row; returns the row it was first seen on, or -1 if it is new. */
    long putIfAbsent(String address, long row) {
        if (size * 2 >= keys.length) {
            grow();
        }
        long key = hash(address);
        int mask = keys.length - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return rows[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        rows[slot] = row;
        size++;
        return -1;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldRows = rows;
        keys = new long[oldKeys.length * 2];
        rows = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = (int) (oldKeys[i] ^ (oldKeys[i] >>> 32)) & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                rows[slot] = oldRows[i];
            }
        }
    }

    /** FNV-1a over the characters, then MurmurHash3's finaliser; never 0 (0 marks an empty slot). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb53a9ed7a5ccL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
