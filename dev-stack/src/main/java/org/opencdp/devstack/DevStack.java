package org.opencdp.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.opencdp.embedded.BasicAuthProxy;
import org.opencdp.embedded.EmbeddedKafka;
import org.opencdp.embedded.EmbeddedRegistry;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.schemas.Topics;

/**
 * The whole system on loopback: a KRaft broker, a schema registry whose schemas live on that broker, the
 * platform's topics, and the three services, started in dependency order and stopped in reverse.
 * All data lives under one directory, so a restart keeps it.
 */
public final class DevStack implements AutoCloseable {

    /**
     * @param bootstrapServers the broker's address, for Kafka clients
     * @param registryUrl      the schema registry's Confluent-compatible API
     */
    public record Endpoints(String bootstrapServers, String registryUrl) {
    }

    /**
     * The secured mode's credentials: the broker's only client listener is SASL_PLAINTEXT with SCRAM-SHA-512 for
     * {@code kafkaUser}, the registry (in memory, not on the broker) is reached through a basic-auth entrance for
     * {@code registryUser}; the services get them as a deployment would, in environment variables.
     */
    public record Security(String kafkaUser, String kafkaPassword, String registryUser, String registryPassword) {
        @Override
        public String toString() {
            return "Security[kafkaUser=" + kafkaUser + ", registryUser=" + registryUser + "]";
        }
    }

    private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(2);

    private final DevStackSettings settings;
    private final Map<String, List<String>> jvmOptions;
    // Volatile: the supervisor replaces them when it restarts the broker or the registry.
    private volatile EmbeddedKafka kafka;
    private volatile EmbeddedRegistry registry;
    private final List<QuarkusService> services = new ArrayList<>();
    private Security security;
    private BasicAuthProxy securedRegistry;
    private Supervisor supervisor;

    public DevStack(final DevStackSettings settings) {
        this(settings, Map.of());
    }

    /**
     * A stack whose services get extra JVM options, by service name, after QuarkusService's defaults (the
     * benchmark runs them with the full JIT, a GC log and a flight recording).
     */
    public DevStack(final DevStackSettings settings, final Map<String, List<String>> jvmOptions) {
        this.settings = settings;
        this.jvmOptions = Map.copyOf(jvmOptions);
    }

    /**
     * Makes {@link #start()} start the secured mode: Kafka and the registry require {@code security}'s credentials,
     * and the services connect with them. Not supervised, and the registry cannot be stopped and started.
     */
    public DevStack requiringCredentials(final Security security) {
        this.security = security;
        return this;
    }

    public DevStack start() throws Exception {
        final Path data = settings.dataDir();
        Files.createDirectories(data);
        if (security == null) {
            kafka = EmbeddedKafka.start(data.resolve("kafka"), settings.kafkaPort());
            registry = EmbeddedRegistry.startOnKafka(settings.registryPort(), kafka.bootstrapServers(), data.resolve("registry"));
        } else {
            kafka = EmbeddedKafka.startSecured(data.resolve("kafka"), security.kafkaUser(), security.kafkaPassword());
            registry = EmbeddedRegistry.startInMemory(settings.registryPort(), data.resolve("registry"));
            securedRegistry = registry.requiringBasicAuth(security.registryUser(), security.registryPassword());
        }
        kafka.createTopics(Topics.ALL_NAMES, settings.partitions(),
                Topics.ALL_NAMES.stream().filter(Topics::isCompacted).collect(Collectors.toSet()));

        // The two Streams services share one state directory (each under its application id): made here, since
        // each would otherwise create it at start, and the one that loses that race on a fresh data directory
        // fails to start ("base state directory ... couldn't be created", seen on ./cdp up after ./cdp reset).
        Files.createDirectories(stateDirectory());
        services.add(service("ingest-api", settings.ingestPort(), ingestEnvironment()));
        services.add(service("profile-projector", settings.projectorPort(), streamsEnvironment(settings.projectorPort())));
        services.add(service("workflow-trigger", settings.triggerPort(), streamsEnvironment(settings.triggerPort())));
        for (final QuarkusService service : services) {
            service.start();
        }
        for (final QuarkusService service : services) {
            service.awaitReady(SERVICE_START_TIMEOUT);
        }
        return this;
    }

    public DevStackSettings settings() {
        return settings;
    }

    /** Where clients reach the broker and the registry; they keep their ports when restarted. */
    public Endpoints endpoints() {
        return new Endpoints(kafka.bootstrapServers(), registryUrl());
    }

    /** The Confluent API the services use: through the basic-auth entrance in the secured mode. */
    private String registryUrl() {
        return securedRegistry == null ? registry.confluentApiUrl()
                : securedRegistry.baseUrl() + EmbeddedRegistry.CONFLUENT_API_PATH;
    }

    /** The broker's client settings besides its address: empty unless {@linkplain #requiringCredentials secured}. */
    public Map<String, String> kafkaClientSecurity() {
        return kafka.clientSecurity();
    }

    public List<QuarkusService> services() {
        return List.copyOf(services);
    }

    public QuarkusService service(final String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + name));
    }

    /**
     * Stops the schema registry, as an outage would; its schemas stay on the broker (KafkaSQL storage), and
     * {@link #startRegistry()} brings it back on the same port with the same ids.
     */
    public void stopRegistry() {
        registry.stop();
    }

    /** Starts the schema registry again after {@link #stopRegistry()}, on the same port and storage. */
    public void startRegistry() {
        if (registry.process().isAlive()) {
            throw new IllegalStateException("The schema registry is running");
        }
        registry = EmbeddedRegistry.startOnKafka(registry.port(), kafka.bootstrapServers(),
                settings.dataDir().resolve("registry"));
    }

    /**
     * Restarts the broker (a controlled shutdown, then a start on the same port and data): every topic and
     * committed record is kept, and the services' clients reconnect to it.
     */
    public void restartBroker() {
        stopBroker();
        startBroker();
    }

    /** Stops the broker (a controlled shutdown), as an outage would; {@link #startBroker()} brings it back. */
    public void stopBroker() {
        kafka.stop();
    }

    /** Starts the broker again after {@link #stopBroker()}, on the same port and data. */
    public void startBroker() {
        if (kafka.process().isAlive()) {
            throw new IllegalStateException("The broker is running");
        }
        kafka = EmbeddedKafka.start(settings.dataDir().resolve("kafka"), kafka.port());
    }

    /**
     * Another instance of a Streams service (same application id, so it shares the partitions and state with
     * the running one) on {@code port}, with its own state directory and log; not started, and not stopped by
     * {@link #close()}: the caller owns it. {@code jvmOptions} come after QuarkusService's defaults, as for the
     * stack's own services. The benchmark measures the fold with one and with two instances.
     */
    public QuarkusService replica(final String name, final int port, final List<String> jvmOptions) {
        final Map<String, String> environment = new HashMap<>(streamsEnvironment(port));
        environment.put("KAFKA_STREAMS_STATE_DIR", settings.dataDir().resolve("state-" + port).toString());
        return service(name, port, environment, name + "-" + port, jvmOptions);
    }

    /**
     * Another instance of ingest-api on {@code port}, relaying to the stack's projector and trigger; not started, and
     * not stopped by {@link #close()}: the caller owns it.
     */
    public QuarkusService ingestReplica(final int port) {
        return service("ingest-api", port, ingestEnvironment(), "ingest-api-" + port, List.of());
    }

    /**
     * Watches the broker, the registry and each service from now on, and restarts one that exits, with back-off
     * ({@link Supervisor}); {@code report} gets a line per exit and restart, {@code restarted} runs after each
     * restart. Stops with {@link #close()}.
     */
    public synchronized void supervise(final Consumer<String> report, final Runnable restarted) {
        if (supervisor != null) {
            throw new IllegalStateException("Already supervised");
        }
        final List<Supervisor.Part> parts = new ArrayList<>();
        parts.add(new Supervisor.Part("kafka", () -> kafka.process().isAlive(), this::restartBroker));
        parts.add(new Supervisor.Part("schema-registry", () -> registry.process().isAlive(), this::startRegistry));
        for (final QuarkusService service : services) {
            parts.add(new Supervisor.Part(service.name(), service::isAlive, () -> {
                service.kill();
                service.start();
                service.awaitReady(SERVICE_START_TIMEOUT);
            }));
        }
        supervisor = new Supervisor(parts, report, restarted, Clock.systemUTC()).start();
    }

    /**
     * Each part of the stack, a line each: its name, port, pid and the URL that answers 200 when it serves
     * ({@code -} for the broker: it serves when its port accepts connections). {@code ./cdp status} reads it.
     */
    public String partsTable() {
        final StringBuilder table = new StringBuilder();
        table.append("kafka ").append(kafka.port()).append(' ').append(kafka.process().pid()).append(" -\n");
        table.append("schema-registry ").append(registry.port()).append(' ').append(registry.process().pid())
                .append(' ').append(registry.confluentApiUrl()).append("/subjects\n");
        for (final QuarkusService service : services) {
            table.append(service.name()).append(' ').append(service.port()).append(' ')
                    .append(service.isAlive() ? Long.toString(service.pid()) : "-")
                    .append(' ').append(service.url()).append("/q/health/ready\n");
        }
        return table.toString();
    }

    /** Process ids, for the banner and for measuring memory. */
    public Map<String, Long> pids() {
        final Map<String, Long> pids = new HashMap<>();
        pids.put("kafka", kafka.process().pid());
        pids.put("schema-registry", registry.process().pid());
        services.forEach(s -> pids.put(s.name(), s.pid()));
        return pids;
    }

    private QuarkusService service(final String name, final int port, final Map<String, String> extra) {
        return service(name, port, extra, name, jvmOptions.getOrDefault(name, List.of()));
    }

    private QuarkusService service(final String name, final int port, final Map<String, String> extra,
                                   final String logName, final List<String> options) {
        final DevStackSettings.DemoWorkspace demo = settings.demo();
        final Map<String, String> env = new HashMap<>(extra);
        // The dev stack serves loopback only; docker-compose and deployments bind every interface.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("CDP_SCHEMA_REGISTRY_URL", registryUrl());
        if (security != null) {
            // Only as environment variables, no key in application.properties: as a deployment passes secrets.
            kafka.clientSecurity().forEach((setting, value) ->
                    env.put("KAFKA_" + setting.toUpperCase(Locale.ROOT).replace('.', '_'), value));
            env.put("CDP_SCHEMA_REGISTRY_BASIC_AUTH", security.registryUser() + ":" + security.registryPassword());
        }
        env.put("CDP_WORKSPACE_ID", demo.id());
        env.put("CDP_WORKSPACE_KEY", demo.key());
        env.put("CDP_WORKSPACE_SECRET", demo.secret());
        env.put("CDP_WORKSPACE_TOKEN", demo.token());
        env.put("CDP_WORKSPACE_ADMIN_TOKEN", demo.adminToken());
        env.put("CDP_OPERATOR_TOKEN", demo.operatorToken());
        // The dev stack is a local demo: its services accept the demo credentials (nothing else does).
        env.put("CDP_DEV_MODE", "true");
        final Path jar = settings.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        return new QuarkusService(name, jar, port, env, settings.dataDir().resolve("logs").resolve(logName + ".log"),
                heap(name), options);
    }

    /**
     * A service's largest heap, as in a deployment (docs/production.md, "Memory"). The projector keeps its
     * profiles in RocksDB, off the heap: about 40 to 60 MiB stay live after a full GC with 1M profiles, so 128 MiB
     * leave room for its caches and buffers, and a larger heap would only hold more garbage, resident. ingest-api
     * holds request bodies of up to 64 MiB, and the trigger its workflows, so both keep 256 MiB.
     */
    static String heap(final String service) {
        return service.equals("profile-projector") ? "128m" : "256m";
    }

    private Map<String, String> ingestEnvironment() {
        return Map.of("CDP_INGEST_PROJECTOR_URL", "http://127.0.0.1:" + settings.projectorPort(),
                "CDP_INGEST_TRIGGER_URL", "http://127.0.0.1:" + settings.triggerPort());
    }

    private Path stateDirectory() {
        return settings.dataDir().resolve("state");
    }

    private Map<String, String> streamsEnvironment(final int port) {
        return Map.of(
                "KAFKA_STREAMS_STATE_DIR", stateDirectory().toString(),
                "QUARKUS_KAFKA_STREAMS_APPLICATION_SERVER", "127.0.0.1:" + port);
    }

    /** Stops the services, then the registry, then the broker; each is stopped even if another fails. */
    @Override
    public void close() {
        synchronized (this) {
            if (supervisor != null) {
                supervisor.close();
                supervisor = null;
            }
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        services.clear();
        if (securedRegistry != null) {
            securedRegistry.close();
            securedRegistry = null;
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
