package org.opencdp.platform.access;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * A credential of a workspace as the credentials topic holds it: never its secret, a {@link SaltedHash} of it.
 *
 * @param id     unique across workspaces: a key/secret pair's key, or the id inside a token ({@link Tokens})
 * @param scopes what it may do; an admin token may do everything in its workspace and administer it
 */
public record Credential(String id, String workspaceId, String name, Kind kind, Set<Scope> scopes, SaltedHash hash,
                         Instant createdAt, boolean revoked) {

    public Credential {
        scopes = Set.copyOf(scopes);
    }

    /** What is presented: a key with its secret, a bearer token, or a workspace admin bearer token. */
    public enum Kind {
        KEY("key"), TOKEN("token"), ADMIN("admin");

        private final String label;

        Kind(final String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Optional<Kind> ofLabel(final String label) {
            return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
        }
    }

    public Credential revoked(final boolean revoked) {
        return new Credential(id, workspaceId, name, kind, scopes, hash, createdAt, revoked);
    }

    /** The caller it authenticates. */
    public Caller caller() {
        return kind == Kind.ADMIN ? new Caller(workspaceId, Scope.all(), true) : new Caller(workspaceId, scopes, false);
    }
}
