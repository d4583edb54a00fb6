package org.opencdp.platform.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates requests against the workspaces' credentials as a {@link Directory} holds them (the followed
 * workspaces and credentials topics). A presented credential is found by its id ({@link Tokens}), then checked with
 * one salted hash and a constant-time comparison; nothing here keeps a plaintext secret. A revoked credential, or
 * any credential of a deleted workspace, authenticates nothing.
 */
public final class AccessControl {

    /** How stale a credential's last use may be shown: its time is recorded at most once a minute per instance. */
    public static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final Directory directory;
    private final Clock clock;
    private final Map<String, Instant> lastUse = new ConcurrentHashMap<>();

    /** A fixed set of workspaces (tests). */
    public AccessControl(final Collection<WorkspaceCredentials> workspaces) {
        this(FixedDirectory.of(workspaces), Clock.systemUTC());
    }

    public AccessControl(final Directory directory, final Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The caller these credentials identify, or empty when they identify none. */
    public Optional<Caller> authenticate(final PresentedCredentials presented) {
        if (presented.bearer().isPresent()) {
            return byToken(presented.bearer().get());
        }
        if (presented.key().isPresent() && presented.secret().isPresent()) {
            return directory.credential(presented.key().get())
                    .filter(c -> c.kind() == Credential.Kind.KEY)
                    .flatMap(c -> verified(c, presented.secret().get()));
        }
        return Optional.empty();
    }

    private Optional<Caller> byToken(final String token) {
        final Optional<String> id = Tokens.credentialId(token);
        if (id.isPresent()) {
            return directory.credential(id.get())
                    .filter(c -> c.kind() != Credential.Kind.KEY)
                    .flatMap(c -> verified(c, token));
        }
        // A configured token (another form): check every one, so the time taken does not tell which matched.
        Optional<Caller> found = Optional.empty();
        for (final Credential configured : directory.configuredTokens()) {
            final Optional<Caller> caller = verified(configured, token);
            if (found.isEmpty()) {
                found = caller;
            }
        }
        return found;
    }

    private Optional<Caller> verified(final Credential credential, final String secret) {
        final boolean matches = credential.hash().matches(secret);
        if (!matches || credential.revoked() || !active(credential.workspaceId())) {
            return Optional.empty();
        }
        used(credential.id());
        return Optional.of(credential.caller());
    }

    private boolean active(final String workspaceId) {
        return directory.workspace(workspaceId).filter(w -> !w.deleted()).isPresent();
    }

    private void used(final String credentialId) {
        final Instant now = clock.instant();
        final Instant last = lastUse.get(credentialId);
        if (last == null || Duration.between(last, now).compareTo(LAST_USE_RESOLUTION) >= 0) {
            lastUse.put(credentialId, now);
        }
    }

    /**
     * When this instance last authenticated a request with the credential (to within {@link #LAST_USE_RESOLUTION});
     * empty when it has not since it started. Per instance, in memory: bounded by the credentials there are.
     */
    public Optional<Instant> lastUse(final String credentialId) {
        return Optional.ofNullable(lastUse.get(credentialId));
    }

    /** The workspace, as the directory holds it (deleted ones included). */
    public Optional<Workspace> workspace(final String id) {
        return directory.workspace(id);
    }

    public Directory directory() {
        return directory;
    }
}
