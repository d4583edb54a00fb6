package org.opencdp.trigger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * String keys of the trigger's stores, built from several ids so that one range query finds every
 * entry sharing the leading ids (a workspace's definitions, a workflow's runs for a customer). Each id is
 * URL-encoded, so no id can contain the {@code /} separator and a prefix never matches a longer id.
 */
public final class StoreKey {

    private static final char SEPARATOR = '/';
    /** The character after the separator: {@code prefix + '0'} bounds every key that starts with {@code prefix + '/'}. */
    private static final char AFTER_SEPARATOR = (char) (SEPARATOR + 1);

    private StoreKey() {
    }

    /** The key made of these ids, in order. */
    public static String of(final String... ids) {
        return Arrays.stream(ids).map(StoreKey::encode).collect(Collectors.joining(String.valueOf(SEPARATOR)));
    }

    /** The inclusive lower bound of every key that starts with these ids. */
    public static String lowerBound(final String... ids) {
        return of(ids) + SEPARATOR;
    }

    /** The inclusive upper bound of every key that starts with these ids (no key equals it). */
    public static String upperBound(final String... ids) {
        return of(ids) + AFTER_SEPARATOR;
    }

    private static String encode(final String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
