package org.opencdp.platform.streams;

import java.util.List;

/**
 * The one encoding of String keys built from several ids, in every service's stores (the projector's
 * {@code StoreKeys} names which store joins which ids; the trigger's stores likewise): the ids in order,
 * joined with U+0000, so that one prefix scan or range query finds every entry sharing the leading ids (a
 * workspace's catalog, a workflow's runs for a customer).
 *
 * <p>No id holds U+0000: every id and name a command carries is refused with any control character (ingest-api
 * answers 4xx, the projector dead-letters it: {@code ControlCharacters}), and the ids a service mints itself are
 * UUIDs. So two different id lists never make one key, and a prefix never matches a longer id ({@code ws} and
 * {@code ws0} keep apart: the separator sorts before every other character). An id holding U+0000 is a bug
 * upstream and refused here rather than stored under a key that could collide.
 */
public final class StoreKey {

    private static final char SEPARATOR = '\u0000';
    /** The character after the separator: {@code prefix + '\u0001'} bounds every key that starts with {@code prefix + '\u0000'}. */
    private static final char AFTER_SEPARATOR = (char) (SEPARATOR + 1);

    private StoreKey() {
    }

    /** The key made of these ids, in order. */
    public static String of(final String... ids) {
        final StringBuilder key = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].indexOf(SEPARATOR) >= 0) {
                throw new IllegalArgumentException("A store key part may not hold U+0000");
            }
            if (i > 0) {
                key.append(SEPARATOR);
            }
            key.append(ids[i]);
        }
        return key.toString();
    }

    /** The prefix every key that starts with these ids has, for a prefix scan: also the inclusive lower bound of a range. */
    public static String prefix(final String... ids) {
        return of(ids) + SEPARATOR;
    }

    /** The inclusive lower bound of every key that starts with these ids. */
    public static String lowerBound(final String... ids) {
        return prefix(ids);
    }

    /** The inclusive upper bound of every key that starts with these ids (no key equals it). */
    public static String upperBound(final String... ids) {
        return of(ids) + AFTER_SEPARATOR;
    }

    /** The ids of {@code key}, in order. */
    public static List<String> parts(final String key) {
        return List.of(key.split(String.valueOf(SEPARATOR), -1));
    }

    /** The last id of {@code key}. */
    public static String last(final String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }
}
