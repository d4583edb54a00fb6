package org.opencdp.platform.access;

import java.util.List;
import java.util.Set;

/**
 * The credentials of one workspace, hashed. A key/secret pair (the Retainly headers) grants every scope
 * of its workspace; a bearer token grants its own scopes; an admin token also administers the workspace.
 */
public record WorkspaceCredentials(String workspaceId, String apiKey, SecretHash secret,
                                   List<Token> tokens, List<SecretHash> adminTokens) {

    public WorkspaceCredentials {
        tokens = List.copyOf(tokens);
        adminTokens = List.copyOf(adminTokens);
    }

    public record Token(SecretHash hash, Set<Scope> scopes) {
        public Token {
            scopes = Set.copyOf(scopes);
        }
    }
}
