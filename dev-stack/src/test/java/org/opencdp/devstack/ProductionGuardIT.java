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

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        env.put("QUARKUS_HTTP_PORT", Integer.toString(StackClient.freePort()));
        // Nothing listens there: the refusal comes before any connection is needed.
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + StackClient.freePort());
        env.put("KAFKA_STREAMS_STATE_DIR", log.getParent().resolve(service + "-state").toString());
        return builder.start();
    }

    private static String sha256Hex(final String value) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
