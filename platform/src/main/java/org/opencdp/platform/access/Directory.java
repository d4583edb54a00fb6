package org.opencdp.platform.access;

import java.util.Collection;
import java.util.Optional;

/**
 * Where {@link AccessControl} finds workspaces and credentials: the compacted workspaces and credentials topics as
 * this instance follows them, or (in tests) a fixed list.
 */
public interface Directory {

    /** Whether it holds what it should (the topics read to their end once), and why not. */
    record Status(boolean ready, String detail) {
    }

    Optional<Credential> credential(String id);

    Optional<Workspace> workspace(String id);

    /** Every workspace, deleted ones included. */
    Collection<Workspace> workspaces();

    /** Every credential of {@code workspaceId}, revoked ones included. */
    Collection<Credential> credentialsOf(String workspaceId);

    /**
     * The bearer credentials presented in a form other than {@link Tokens}' (the deployment's configured token and
     * admin token, {@link ConfiguredWorkspace}): a handful, each checked against a presented token of that form.
     */
    Collection<Credential> configuredTokens();

    default Status status() {
        return new Status(true, "fixed");
    }
}
