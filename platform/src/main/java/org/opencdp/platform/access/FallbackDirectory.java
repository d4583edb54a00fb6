package org.opencdp.platform.access;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The followed topics, falling back to the configured workspace for what they do not hold (yet): the service that
 * provisions it (ingest-api) admits its credentials even while Kafka cannot be reached at start. Whatever the
 * topics hold about a credential or workspace wins, a revocation included.
 */
public final class FallbackDirectory implements Directory {

    private final Directory primary;
    private final Directory fallback;

    public FallbackDirectory(final Directory primary, final Directory fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public Optional<Credential> credential(final String id) {
        return primary.credential(id).or(() -> fallback.credential(id));
    }

    @Override
    public Optional<Workspace> workspace(final String id) {
        return primary.workspace(id).or(() -> fallback.workspace(id));
    }

    @Override
    public Collection<Workspace> workspaces() {
        return union(primary.workspaces(), fallback.workspaces(), Workspace::id);
    }

    @Override
    public Collection<Credential> credentialsOf(final String workspaceId) {
        return union(primary.credentialsOf(workspaceId), fallback.credentialsOf(workspaceId), Credential::id);
    }

    @Override
    public Collection<Credential> configuredTokens() {
        return union(primary.configuredTokens(),
                fallback.configuredTokens().stream().map(c -> primary.credential(c.id()).orElse(c)).toList(),
                Credential::id);
    }

    @Override
    public Status status() {
        return primary.status();
    }

    private static <T> Collection<T> union(final Collection<T> first, final Collection<T> second,
                                           final Function<T, String> id) {
        final Map<String, T> all = new LinkedHashMap<>();
        second.forEach(t -> all.put(id.apply(t), t));
        first.forEach(t -> all.put(id.apply(t), t));
        return all.values();
    }
}
