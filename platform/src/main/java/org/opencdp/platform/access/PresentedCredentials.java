package org.opencdp.platform.access;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a request presented: headers {@code key}/{@code secret} (or {@code api-key}/{@code api-secret},
 * the names the Retainly seed's DELETE and event examples use), or {@code Authorization: Bearer <token>}.
 */
public record PresentedCredentials(Optional<String> key, Optional<String> secret, Optional<String> bearer) {

    private static final String BEARER = "bearer ";

    /** Reads the credentials from request headers, given a case-insensitive header lookup. */
    public static PresentedCredentials fromHeaders(final Function<String, String> header) {
        final Optional<String> key = first(header, "key", "api-key");
        final Optional<String> secret = first(header, "secret", "api-secret");
        final Optional<String> bearer = Optional.ofNullable(header.apply("Authorization"))
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
