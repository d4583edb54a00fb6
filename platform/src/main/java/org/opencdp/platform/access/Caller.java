package org.opencdp.platform.access;

import java.util.Set;

/** An authenticated caller: the workspace it acts for and what it may do there. */
public record Caller(String workspaceId, Set<Scope> scopes, boolean admin) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean may(final Scope scope) {
        return admin || scopes.contains(scope);
    }
}
