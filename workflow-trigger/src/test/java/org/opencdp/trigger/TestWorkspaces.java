package org.opencdp.trigger;

import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.access.SecretHash;
import org.opencdp.platform.access.WorkspaceCredentials;
import org.opencdp.platform.access.WorkspaceCredentials.Token;

/**
 * Besides the configured demo workspace, a second workspace and demo tokens with narrow scopes, so that
 * the tests can show workspace isolation and scope checks.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestWorkspaces {

    public static final String DEMO_TOKEN = "demo-token";
    public static final String READER_TOKEN = "demo-reader-token";
    public static final String EVENTS_TOKEN = "demo-events-token";
    public static final String OTHER_TOKEN = "other-token";
    public static final String ADMIN_TOKEN = "demo-admin";
    /** A workspace of its own for the test that fills one to its workflow limit. */
    public static final String QUOTA_TOKEN = "quota-token";

    @Produces
    @Singleton
    AccessControl accessControl() {
        return new AccessControl(List.of(
                new WorkspaceCredentials("demo", "demo-key", SecretHash.of("demo-secret"), List.of(
                        new Token(SecretHash.of(DEMO_TOKEN), Scope.all()),
                        new Token(SecretHash.of(READER_TOKEN), Set.of(Scope.PROFILES_READ)),
                        new Token(SecretHash.of(EVENTS_TOKEN), Set.of(Scope.EVENTS_WRITE))),
                        List.of(SecretHash.of(ADMIN_TOKEN))),
                new WorkspaceCredentials("other", "other-key", SecretHash.of("other-secret"), List.of(
                        new Token(SecretHash.of(OTHER_TOKEN), Scope.all())), List.of()),
                new WorkspaceCredentials("quota", "quota-key", SecretHash.of("quota-secret"), List.of(
                        new Token(SecretHash.of(QUOTA_TOKEN), Scope.all())), List.of())));
    }
}
