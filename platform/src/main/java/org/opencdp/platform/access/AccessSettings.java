package org.opencdp.platform.access;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which workspaces exist, from configuration. For now one workspace is provisioned from config: the
 * demo workspace of the dev stack, or any workspace whose credentials an operator sets through the
 * {@code CDP_WORKSPACE_*} environment variables. Secrets may be given as plaintext (dev only; hashed at
 * start and never kept) or as {@code sha256:<hex>} hashes.
 */
@ConfigMapping(prefix = "cdp.workspace")
public interface AccessSettings {

    /** Workspace id. */
    @WithDefault("demo")
    String id();

    /** API key (Retainly {@code key} header). Not a secret. */
    @WithDefault("demo-key")
    String key();

    /** API secret, plaintext or {@code sha256:<hex>}. */
    Optional<String> secret();

    /** Bearer token with every scope, plaintext or {@code sha256:<hex>}. */
    Optional<String> token();

    /** Admin bearer token, plaintext or {@code sha256:<hex>}. */
    Optional<String> adminToken();
}
