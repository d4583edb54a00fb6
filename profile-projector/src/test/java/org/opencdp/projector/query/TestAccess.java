package org.opencdp.projector.query;

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

/**
 * The demo workspace as configured, plus what configuration cannot express yet: a token without
 * profiles:read, one with segments:write alone, and a second workspace, so the tests can check scopes and workspace isolation.
 */
@ApplicationScoped
public class TestAccess {

    public static final String WRITE_ONLY_TOKEN = "write-only-token";
    public static final String OTHER_TOKEN = "other-token";
    public static final String SEGMENTS_ONLY_TOKEN = "segments-only-token";

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    AccessControl accessControl() {
        return new AccessControl(List.of(
                new WorkspaceCredentials("demo", "demo-key", SecretHash.of("demo-secret"), List.of(
                        new WorkspaceCredentials.Token(SecretHash.of("demo-token"), Scope.all()),
                        new WorkspaceCredentials.Token(SecretHash.of(WRITE_ONLY_TOKEN), Set.of(Scope.CUSTOMERS_WRITE)),
                        new WorkspaceCredentials.Token(SecretHash.of(SEGMENTS_ONLY_TOKEN), Set.of(Scope.SEGMENTS_WRITE))),
                        List.of(SecretHash.of("demo-admin"))),
                new WorkspaceCredentials("other", "other-key", SecretHash.of("other-secret"), List.of(
                        new WorkspaceCredentials.Token(SecretHash.of(OTHER_TOKEN), Set.of(Scope.PROFILES_READ))), List.of())));
    }
}
