package org.opencdp.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the dev stack lets a user choose, read from {@code CDP_*} environment variables with the
 * documented defaults (README, "Configuration").
 */
public record DevStackSettings(Path root, Path dataDir, int kafkaPort, int registryPort, int ingestPort,
                               int projectorPort, int triggerPort, int partitions, DemoWorkspace demo) {

    /**
     * The demo workspace's credentials, and the operator token that creates other workspaces: dev mode only; every
     * value can be overridden.
     */
    public record DemoWorkspace(String id, String key, String secret, String token, String adminToken,
                                String operatorToken) {
    }

    public static DevStackSettings fromEnvironment(final Path root, final Path dataDir, final Map<String, String> env) {
        return new DevStackSettings(root, dataDir,
                port(env, "CDP_KAFKA_PORT", 9092),
                port(env, "CDP_REGISTRY_PORT", 8085),
                port(env, "CDP_INGEST_PORT", 8080),
                port(env, "CDP_PROJECTOR_PORT", 8081),
                port(env, "CDP_TRIGGER_PORT", 8082),
                Integer.parseInt(env.getOrDefault("CDP_PARTITIONS", "6")),
                new DemoWorkspace(
                        env.getOrDefault("CDP_WORKSPACE_ID", "demo"),
                        env.getOrDefault("CDP_WORKSPACE_KEY", "demo-key"),
                        env.getOrDefault("CDP_WORKSPACE_SECRET", "demo-secret"),
                        env.getOrDefault("CDP_WORKSPACE_TOKEN", "demo-token"),
                        env.getOrDefault("CDP_WORKSPACE_ADMIN_TOKEN", "demo-admin"),
                        env.getOrDefault("CDP_OPERATOR_TOKEN", "demo-operator")));
    }

    private static int port(final Map<String, String> env, final String name, final int defaultPort) {
        final int port = Integer.parseInt(env.getOrDefault(name, Integer.toString(defaultPort)));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a TCP port, not " + port);
        }
        return port;
    }
}
