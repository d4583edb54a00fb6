package org.opencdp.projector.segment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One customer's events per event name, for event-count conditions: how many events of a name fell at each
 * instant (millisecond), so that "events of that name in the trailing window" is exact: an event at {@code t}
 * counts while {@code t <= now < t + within}.
 *
 * <p>Bounded. Entries older than the longest window any segment uses are pruned ({@link #prune}). A customer
 * with more than {@link #MAX_EXACT_ENTRIES} distinct event instants keeps the oldest in UTC-day buckets (an event
 * then counts from the start of its day, so it leaves a window up to a day early): at most
 * {@value #MAX_EXACT_ENTRIES} entries plus one per name and UTC day of the longest window, of at most
 * {@value #MAX_NAMES} names, whatever the traffic. Only the names some segment
 * counts need be added (docs/segments.md).
 *
 * <p>Not thread-safe: one per customer, owned by the task that folds that customer.
 */
public final class EventCounts {

    /** Distinct event instants kept exactly per customer (all names together) before the oldest become days. */
    public static final int MAX_EXACT_ENTRIES = 4096;
    /** Event names counted per customer; an event of a further name is not counted ({@link #add} says so). */
    public static final int MAX_NAMES = 256;
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final byte FORMAT = 1;

    private final Map<String, NavigableMap<Long, Long>> byName = new TreeMap<>();
    private int entries;

    /**
     * Counts {@code n} events of {@code event} at {@code at}.
     *
     * @return false when the customer already counts {@value #MAX_NAMES} other names (nothing counted)
     */
    public boolean add(final String event, final Instant at, final long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        NavigableMap<Long, Long> counts = byName.get(event);
        if (counts == null) {
            if (byName.size() >= MAX_NAMES) {
                return false;
            }
            counts = new TreeMap<>();
            byName.put(event, counts);
        }
        if (counts.merge(at.toEpochMilli(), n, Math::addExact) == n) {
            entries++;
        }
        if (entries > MAX_EXACT_ENTRIES) {
            coarsenOldest();
        }
        return true;
    }

    /** The events of {@code event} at {@code t} with {@code now - within < t <= now}. */
    public long count(final String event, final Duration within, final Instant now) {
        final NavigableMap<Long, Long> counts = byName.get(event);
        if (counts == null) {
            return 0;
        }
        final long end = now.toEpochMilli();
        long sum = 0;
        for (final long n : counts.subMap(end - within.toMillis(), false, end, true).values()) {
            sum += n;
        }
        return sum;
    }

    /**
     * The earliest instant after {@code now} at which {@link #count} for {@code event} and {@code within} differs
     * from its value at {@code now}: an entry entering the window (an event stamped in the future) or leaving it.
     */
    public Optional<Instant> nextChange(final String event, final Duration within, final Instant now) {
        final NavigableMap<Long, Long> counts = byName.get(event);
        if (counts == null) {
            return Optional.empty();
        }
        final long at = now.toEpochMilli();
        final Long entering = counts.higherKey(at);
        final Long oldestInside = counts.higherKey(at - within.toMillis());
        final Long leaving = oldestInside == null || oldestInside > at ? null : oldestInside + within.toMillis();
        if (entering == null && leaving == null) {
            return Optional.empty();
        }
        final long next = entering == null ? leaving : leaving == null ? entering : Math.min(entering, leaving);
        return Optional.of(Instant.ofEpochMilli(next));
    }

    /** Drops what no window of length {@code longest} can count at {@code now} or later: entries at or before {@code now - longest}. */
    public void prune(final Instant now, final Duration longest) {
        final long oldestKept = now.toEpochMilli() - longest.toMillis();
        for (final Iterator<NavigableMap<Long, Long>> names = byName.values().iterator(); names.hasNext(); ) {
            final NavigableMap<Long, Long> counts = names.next();
            final NavigableMap<Long, Long> old = counts.headMap(oldestKept, true);
            entries -= old.size();
            old.clear();
            if (counts.isEmpty()) {
                names.remove();
            }
        }
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Entries kept, all names together (exact instants and day buckets). */
    public int entries() {
        return entries;
    }

    /**
     * Moves the oldest exact instants (across names), one by one, to the start of their UTC day until the bound
     * holds: the first of a day makes its day's entry, each further one joins it. Recent events stay exact.
     */
    private void coarsenOldest() {
        while (entries > MAX_EXACT_ENTRIES) {
            NavigableMap<Long, Long> oldest = null;
            long oldestKey = Long.MAX_VALUE;
            for (final NavigableMap<Long, Long> counts : byName.values()) {
                for (final long key : counts.keySet()) {
                    if (Math.floorMod(key, DAY) != 0) {
                        if (key < oldestKey) {
                            oldestKey = key;
                            oldest = counts;
                        }
                        break;
                    }
                }
            }
            if (oldest == null) {
                return;
            }
            final long n = oldest.remove(oldestKey);
            if (oldest.merge(oldestKey - Math.floorMod(oldestKey, DAY), n, Math::addExact) != n) {
                entries--;
            }
        }
    }

    /**
     * A compact form for a store: a format byte, then per name its UTF-8 bytes and its entries, instants as
     * variable-length deltas from the previous one and counts as variable-length numbers.
     */
    public byte[] toBytes() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 + entries * 4);
        out.write(FORMAT);
        writeVarLong(out, byName.size());
        for (final Map.Entry<String, NavigableMap<Long, Long>> name : byName.entrySet()) {
            final byte[] utf8 = name.getKey().getBytes(StandardCharsets.UTF_8);
            writeVarLong(out, utf8.length);
            out.writeBytes(utf8);
            writeVarLong(out, name.getValue().size());
            long previous = 0;
            for (final Map.Entry<Long, Long> entry : name.getValue().entrySet()) {
                writeVarLong(out, zigZag(entry.getKey() - previous));
                writeVarLong(out, entry.getValue());
                previous = entry.getKey();
            }
        }
        return out.toByteArray();
    }

    /** Reads {@link #toBytes()}; an {@link IllegalArgumentException} for bytes it did not write. */
    public static EventCounts fromBytes(final byte[] bytes) {
        final Reader in = new Reader(bytes);
        if (bytes.length == 0 || in.readByte() != FORMAT) {
            throw new IllegalArgumentException("Not event counts of format " + FORMAT);
        }
        final EventCounts counts = new EventCounts();
        final long names = in.readVarLong();
        for (long i = 0; i < names; i++) {
            final String name = new String(in.readBytes((int) in.readVarLong()), StandardCharsets.UTF_8);
            final long size = in.readVarLong();
            final NavigableMap<Long, Long> entries = new TreeMap<>();
            long previous = 0;
            for (long j = 0; j < size; j++) {
                previous += unZigZag(in.readVarLong());
                entries.put(previous, in.readVarLong());
            }
            counts.byName.put(name, entries);
            counts.entries += entries.size();
        }
        if (in.remaining() != 0) {
            throw new IllegalArgumentException("Event counts followed by " + in.remaining() + " unread bytes");
        }
        return counts;
    }

    private static long zigZag(final long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(final long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarLong(final ByteArrayOutputStream out, final long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    /** Reads what {@link #toBytes()} wrote, refusing truncated input. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(final byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - position;
        }

        byte readByte() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("Event counts cut short at byte " + position);
            }
            return bytes[position++];
        }

        byte[] readBytes(final int length) {
            if (length < 0 || length > remaining()) {
                throw new IllegalArgumentException("Event counts cut short at byte " + position);
            }
            final byte[] read = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return read;
        }

        long readVarLong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                final byte b = readByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("Event counts hold a number longer than 64 bits at byte " + position);
        }
    }
}
