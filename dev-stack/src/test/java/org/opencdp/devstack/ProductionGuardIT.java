package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.embedded.SharedInfrastructure;

/**
 * Contract section 10: a service started outside dev mode refuses to start with a demo credential, and says what
 * to set. Each built service is started as a deployment would start it (no dev mode, no broker needed to fail).
 */
class ProductionGuardIT {

    @TempDir
    Path logs;

    @ParameterizedTest
    @ValueSource(strings = {"ingest-api", "profile-projector", "workflow-trigger"})
    void shouldRefuseToStartOutsideDevModeWithTheDemoSecretOrItsHash(final String service) throws Exception {
        // Given the demo secret, and the demo token given as its hash (hashing does not hide a well-known value)
        final Map<String, String> demo = Map.of(
                "CDP_WORKSPACE_SECRET", "demo-secret",
                "CDP_WORKSPACE_TOKEN", "sha256:" + sha256Hex("demo-token"));
        // When the service starts outside dev mode
        final Path log = logs.resolve(service + ".log");
        final Process process = start(service, demo, log);
        // Then it exits with a failure, naming each demo credential and what to set
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("%s exited", service).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("Refusing to start outside dev mode with the demo credentials")
                .contains("CDP_WORKSPACE_SECRET is the demo value")
                .contains("CDP_WORKSPACE_TOKEN is the demo value")
                .contains("CDP_DEV_MODE=true");
    }

    @Test
    void shouldRefuseToStartOutsideDevModeWithAnOperatorTokenShorterThan32Characters() throws Exception {
        // Given the workspace's own secret, and the dev stack's operator token
        final Map<String, String> settings = Map.of(
                "CDP_WORKSPACE_SECRET", "7f3a9c0e5b1d4f2a8e6c3b9d0a1f5e7c",
                "CDP_OPERATOR_TOKEN", "demo-operator");
        // When ingest-api starts outside dev mode
        final Path log = logs.resolve("ingest-api-operator.log");
        final Process process = start("ingest-api", settings, log);
        // Then it exits with a failure saying the operator token is too short and what to set
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("ingest-api exited").isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("CDP_OPERATOR_TOKEN has 13 characters, fewer than 32")
                .contains("at least 32 random characters")
                .doesNotContain("CDP_WORKSPACE_SECRET is the demo value");
    }

    private static Process start(final String service, final Map<String, String> credentials, final Path log)
            throws IOException {
        final Path jar = StackClient.root().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        final ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        final Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("CDP_") || key.startsWith("QUARKUS_") || key.startsWith("KAFKA_"));
        env.putAll(credentials);
        env.put("CDP_DEV_MODE", "false");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(SharedInfrastructure.freePort()));
        // Nothing listens there: the refusal comes before any connection is needed.
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + SharedInfrastructure.freePort());
        env.put("KAFKA_STREAMS_STATE_DIR", log.getParent().resolve(service + "-state").toString());
        return builder.start();
    }

    private static String sha256Hex(final String value) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
