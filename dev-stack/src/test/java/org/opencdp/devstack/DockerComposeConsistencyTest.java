package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.schemas.Topics;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be started here (no Docker engine), so this test holds it to the services' own
 * configuration: service names, ports, environment keys and topics.
 */
class DockerComposeConsistencyTest {

    private static final Path ROOT = Path.of(System.getProperty("cdp.root", "..")).toAbsolutePath().normalize();
    private static final List<String> APP_SERVICES = List.of("ingest-api", "profile-projector", "workflow-trigger");
    private static final Pattern CREATE_TOPIC = Pattern.compile("^\\s*create (\\S+)(.*)$", Pattern.MULTILINE);

    private final Map<String, Object> compose = load();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read docker-compose.yml under " + ROOT, e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(final String name) {
        final Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).as("compose services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> environment(final String name) {
        final Map<String, Object> env = (Map<String, Object>) service(name).getOrDefault("environment", Map.of());
        final Map<String, String> flat = new HashMap<>();
        env.forEach((k, v) -> {
            if (!"<<".equals(k)) {
                flat.put(k, String.valueOf(v));
            }
        });
        // YAML merge keys (<<: *service-env) are resolved by SnakeYAML into the map itself.
        return flat;
    }

    /** Every config key a service knows, in Quarkus' environment-variable form (cdp.schema-registry.url → CDP_SCHEMA_REGISTRY_URL). */
    private static Set<String> knownEnvironmentKeys(final String service) throws IOException {
        // The java launcher's own: the JVM's options (docs/production.md, "Memory").
        final Set<String> keys = new HashSet<>(Set.of("JDK_JAVA_OPTIONS"));
        for (final Path file : List.of(
                ROOT.resolve(service).resolve("src/main/resources/application.properties"),
                ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"))) {
            final Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> keys.add(toEnvironmentKey(key.replaceFirst("^%[^.]+\\.", ""))));
        }
        return keys;
    }

    static String toEnvironmentKey(final String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static String property(final String service, final String key) throws IOException {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties.getProperty(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-api", "profile-projector", "workflow-trigger"})
    @SuppressWarnings("unchecked")
    void shouldBuildEachServiceFromItsModuleWithTheSharedDockerfile(final String name) throws IOException {
        // Given
        final Map<String, Object> build = (Map<String, Object>) service(name).get("build");
        // Then
        assertThat(build.get("context")).isEqualTo(".");
        assertThat((Map<String, Object>) build.get("args")).containsEntry("MODULE", name)
                .containsEntry("PORT", property(name, "quarkus.http.port"));
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("ARG MODULE", "COPY ${MODULE}/target/quarkus-app/");
    }

    @Test
    void shouldRunTheServicesInContainersWithTheDevStacksMemorySettings() throws IOException {
        // Given the Dockerfile every service's image is built from
        final String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        // Then its JVM gets the dev stack's GC and native-heap options, and the C library its malloc settings
        final Matcher options = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(options.find()).as("ENV JDK_JAVA_OPTIONS in the Dockerfile").isTrue();
        assertThat(List.of(options.group(1).split(" "))).containsAll(QuarkusService.MEMORY_OPTIONS);
        QuarkusService.NATIVE_MEMORY.forEach((variable, value) ->
                assertThat(dockerfile).containsPattern("(?m)^ENV " + variable + "=" + value + "$"));
        // And the projector, whose profiles live off the heap, the dev stack's heap
        assertThat(List.of(environment("profile-projector").get("JDK_JAVA_OPTIONS").split(" ")))
                .containsAll(QuarkusService.MEMORY_OPTIONS).contains("-Xmx" + DevStack.heap("profile-projector"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-api", "profile-projector", "workflow-trigger"})
    @SuppressWarnings("unchecked")
    void shouldPublishEachServiceOnItsConfiguredPort(final String name) throws IOException {
        // Given
        final String port = property(name, "quarkus.http.port");
        // When
        final List<String> ports = (List<String>) service(name).get("ports");
        // Then
        assertThat(port).as(name + " quarkus.http.port").isNotNull();
        assertThat(ports).containsExactly(port + ":" + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-api", "profile-projector", "workflow-trigger"})
    void shouldOnlySetEnvironmentKeysTheServiceReads(final String name) throws IOException {
        // Given
        final Set<String> known = knownEnvironmentKeys(name);
        // When
        final Set<String> unknown = environment(name).keySet().stream()
                .filter(key -> !known.contains(key)).collect(Collectors.toSet());
        // Then
        assertThat(unknown).as("environment keys of %s that match no key of its configuration", name).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"profile-projector", "workflow-trigger"})
    void shouldAdvertiseEachStreamsServiceUnderItsOwnNameAndPort(final String name) throws IOException {
        assertThat(environment(name)).containsEntry("QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER",
                name + ":" + property(name, "quarkus.http.port"));
    }

    @Test
    void shouldPointEveryServiceAtTheComposeBrokerAndRegistry() {
        for (final String name : APP_SERVICES) {
            assertThat(environment(name))
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("CDP_SCHEMA_REGISTRY_URL", "http://schema-registry:8080/apis/ccompat/v7");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCreateExactlyThePlatformsTopicsWithTheirCleanupPolicy() {
        // Given
        final List<String> script = (List<String>) service("kafka-topics").get("command");
        final Map<String, Boolean> created = new HashMap<>();
        // When
        final Matcher m = CREATE_TOPIC.matcher(String.join("\n", script));
        while (m.find()) {
            created.put(m.group(1), m.group(2).contains("cleanup.policy=compact"));
        }
        // Then
        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL_NAMES);
        created.forEach((topic, compacted) ->
                assertThat(compacted).as("%s compacted", topic).isEqualTo(Topics.isCompacted(topic)));
    }
}
