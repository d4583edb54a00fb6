package org.opencdp.projector.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.opencdp.platform.streams.StoreKey;

/**
 * The key of one entry in the future {@code customer-history} store, ordered by its bytes as RocksDB orders
 * them (unsigned, lexicographic): the customer's prefix ({@link StoreKey}'s encoding of workspace id and
 * customer id, U+0000 after each, in UTF-8), then the entry's time in milliseconds, descending, then its
 * sequence number, descending (8 bytes each). So one customer's history is one prefix, newest first: "the last
 * 100 entries" and {@code as_of} (now back to the instant) are forward scans from the prefix, and a time range
 * is one range scan from {@link #from} to {@link #until}.
 *
 * <p>{@code time} is the entry's place in fold order, which the writer keeps monotone per customer with
 * {@link #keyTime}: a command stamped earlier than the customer's newest entry (a direct producer's clock) is
 * filed at that entry's time, while its {@link HistoryEntry#at} keeps the command's timestamp. {@code sequence}
 * rises with every entry of the customer, so entries of one instant keep their fold order too.
 */
public record HistoryKey(String workspaceId, String customerId, Instant time, long sequence) {

    private static final int SUFFIX = 2 * Long.BYTES;

    public HistoryKey {
        if (sequence < 0) {
            throw new IllegalArgumentException("a history sequence is not negative: " + sequence);
        }
    }

    /** Where an entry at {@code at} is filed after one filed at {@code newest} (null: the customer's first). */
    public static Instant keyTime(final Instant newest, final Instant at) {
        return newest != null && newest.isAfter(at) ? newest : at;
    }

    public byte[] encode() {
        final byte[] prefix = prefix(workspaceId, customerId);
        return ByteBuffer.allocate(prefix.length + SUFFIX).put(prefix)
                .putLong(descending(time.toEpochMilli())).putLong(descending(sequence)).array();
    }

    public static HistoryKey decode(final byte[] key) {
        final String[] ids = new String(key, 0, key.length - SUFFIX, StandardCharsets.UTF_8).split("\u0000", -1);
        if (ids.length != 3 || !ids[2].isEmpty()) {
            throw new IllegalArgumentException("not a history key: " + Arrays.toString(key));
        }
        final ByteBuffer suffix = ByteBuffer.wrap(key, key.length - SUFFIX, SUFFIX);
        return new HistoryKey(ids[0], ids[1], Instant.ofEpochMilli(descending(suffix.getLong())), descending(suffix.getLong()));
    }

    /** Every key of one customer's history starts with these bytes (a prefix scan, or the erasure of a deletion). */
    public static byte[] prefix(final String workspaceId, final String customerId) {
        return StoreKey.prefix(workspaceId, customerId).getBytes(StandardCharsets.UTF_8);
    }

    /** A key after every key of one customer's history (the upper end of a scan of all of it). */
    public static byte[] end(final String workspaceId, final String customerId) {
        final byte[] prefix = prefix(workspaceId, customerId);
        final byte[] end = Arrays.copyOf(prefix, prefix.length + SUFFIX);
        Arrays.fill(end, prefix.length, end.length, (byte) 0xFF);
        return end;
    }

    /** The first key of a newest-first scan of the entries at or before {@code instant}. */
    public static byte[] from(final String workspaceId, final String customerId, final Instant instant) {
        return new HistoryKey(workspaceId, customerId, instant, Long.MAX_VALUE).encode();
    }

    /** The last key of a newest-first scan that stops at the entries at {@code instant} (inclusive). */
    public static byte[] until(final String workspaceId, final String customerId, final Instant instant) {
        return new HistoryKey(workspaceId, customerId, instant, 0).encode();
    }

    /**
     * Order-reversing and sign-safe: flipping the sign bit makes unsigned byte order signed order (times before
     * 1970 included); inverting every bit then makes it descending.
     */
    private static long descending(final long value) {
        return ~(value ^ Long.MIN_VALUE);
    }
}
