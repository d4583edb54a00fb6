package org.opencdp.platform.access;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a request presented: headers {@code key}/{@code secret} (or {@code api-key}/{@code api-secret},
 * the names the Retainly seed's DELETE and event examples use), or {@code Authorization: Bearer <token>}.
 */
public record PresentedCredentials(Optional<String> key, Optional<String> secret, Optional<String> bearer) {

    public static final String KEY = "key";
    public static final String SECRET = "secret";
    /** The Retainly seed's name for {@link #KEY}. */
    public static final String API_KEY = "api-key";
    /** The Retainly seed's name for {@link #SECRET}. */
    public static final String API_SECRET = "api-secret";
    public static final String AUTHORIZATION = "Authorization";
    /**
     * Every header that carries credentials: the one list a service reads them from and passes on when
     * another instance (or the projector behind ingest-api) must answer for it.
     */
    public static final List<String> HEADERS = List.of(KEY, SECRET, API_KEY, API_SECRET, AUTHORIZATION);

    private static final String BEARER = "bearer ";

    /** Reads the credentials from request headers, given a case-insensitive header lookup. */
    public static PresentedCredentials fromHeaders(final Function<String, String> header) {
        final Optional<String> key = first(header, KEY, API_KEY);
        final Optional<String> secret = first(header, SECRET, API_SECRET);
        final Optional<String> bearer = Optional.ofNullable(header.apply(AUTHORIZATION))
                .map(String::strip)
                .filter(v -> v.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(v -> v.substring(BEARER.length()).strip())
                .filter(v -> !v.isEmpty());
        return new PresentedCredentials(key, secret, bearer);
    }

    public boolean isEmpty() {
        return key.isEmpty() && secret.isEmpty() && bearer.isEmpty();
    }

    private static Optional<String> first(final Function<String, String> header, final String... names) {
        for (final String name : names) {
            final String value = header.apply(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
