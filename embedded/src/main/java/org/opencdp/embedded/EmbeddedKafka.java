package org.opencdp.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) on loopback, run as a child
 * JVM so the broker's libraries stay off the caller's classpath. Its data lives under one directory: starting
 * again on the same directory keeps every topic and record. Output goes to {@code broker.log} there.
 */
public final class EmbeddedKafka extends ChildService {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    /** Broker heap: ample for tests and the dev stack; the log cleaner's buffer is sized to fit (below). */
    private static final String HEAP = "-Xmx320m";
    private static final int NODE_ID = 1;
    /** The broker's GC log, in its data directory. */
    public static final String GC_LOG = "gc.log";

    /** The SASL mechanism of the secured mode ({@link #startSecured}). */
    public static final String SCRAM = "SCRAM-SHA-512";

    private final int port;
    /** What a client needs besides the servers: nothing, or the secured listener's SASL settings. */
    private final Map<String, String> clientSecurity;

    private EmbeddedKafka(final ChildProcess process, final int port, final Map<String, String> clientSecurity) {
        super(process);
        this.port = port;
        this.clientSecurity = clientSecurity;
    }

    /** Starts a broker on a free port, keeping its data under {@code dataDir}, and waits until it is ready. */
    public static EmbeddedKafka start(final Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker listening on {@code 127.0.0.1:port} (0 picks a free port), keeping its data under
     * {@code dataDir} (formatted on first use, reused afterwards), and waits until it accepts requests.
     */
    public static EmbeddedKafka start(final Path dataDir, final int port) {
        return start(dataDir, port, Optional.empty());
    }

    /**
     * Starts a broker whose only client listener is {@code SASL_PLAINTEXT} with {@value #SCRAM}: a client must
     * log in as {@code user} with {@code password} (the credential is written into the cluster's metadata when
     * its storage is formatted, so {@code dataDir} must be new); one without credentials is refused. The settings
     * a client needs are {@link #clientSecurity()}. The default {@link #start} is unchanged (plain, no login).
     */
    public static EmbeddedKafka startSecured(final Path dataDir, final String user, final String password) {
        return start(dataDir, 0, Optional.of(new Login(user, password)));
    }

    private record Login(String user, String password) {
        String jaas() {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    private static EmbeddedKafka start(final Path dataDir, final int port, final Optional<Login> login) {
        final Path dir = dataDir.toAbsolutePath();
        final int brokerPort = LocalPorts.orFree(port);
        // Static quorum: the voter's address comes from the configuration, so it may change at each start.
        final int controllerPort = LocalPorts.free();
        final Path config = dir.resolve("server.properties");
        final Path logFile = dir.resolve("broker.log");
        try {
            Files.createDirectories(dir);
            writeProperties(config, serverProperties(dir, brokerPort, controllerPort, login));
            Files.writeString(dir.resolve("logging.properties"), LOGGING, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the broker's directory " + dir, e);
        }
        final List<String> classpath = brokerClasspath();
        if (!Files.exists(logDir(dir).resolve("meta.properties"))) {
            format(dir, config, classpath, logFile, login);
        }
        final List<String> brokerOptions = new ArrayList<>(jvmOptions(dir));
        // Each pause with its wall-clock time, to match a client's stall with the broker's (two files of 10 MB at
        // most). The broker's alone: the format tool's would take one of the two files.
        brokerOptions.add("-Xlog:gc:file=" + dir.resolve(GC_LOG) + ":time,uptime:filecount=2,filesize=10m");
        final ChildProcess process = ChildProcess.start("kafka-broker", brokerOptions, classpath,
                "kafka.Kafka", List.of(config.toString()), dir, logFile);
        final EmbeddedKafka kafka = new EmbeddedKafka(process, brokerPort, login.map(l -> Map.of(
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM, "sasl.jaas.config", l.jaas()))
                .orElse(Map.of()));
        kafka.awaitReadyOrStop(START_TIMEOUT, kafka::awaitReady);
        return kafka;
    }

    public String bootstrapServers() {
        return LocalPorts.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * The client settings besides {@code bootstrap.servers} (Kafka's names: {@code security.protocol},
     * {@code sasl.mechanism}, {@code sasl.jaas.config}); empty unless started {@linkplain #startSecured secured}.
     */
    public Map<String, String> clientSecurity() {
        return clientSecurity;
    }

    /**
     * Creates the topics among {@code names} that do not exist yet, with {@code partitions} partitions
     * (replication factor 1), compacted when in {@code compacted}, and waits until every one of
     * {@code names} has a leader for each partition. Existing topics are left as they are.
     */
    public void createTopics(final Collection<String> names, final int partitions, final Set<String> compacted) {
        TopicCreation.create(bootstrapServers(), clientSecurity, names, partitions, compacted);
    }

    /** Ready when it listens and the cluster it forms by itself has its node. */
    private void awaitReady(final Instant deadline) throws InterruptedException {
        process().awaitUntil(() -> LocalPorts.isListening(port), deadline,
                "Kafka is not listening on " + port + " after " + START_TIMEOUT);
        try (Admin admin = TopicCreation.admin(bootstrapServers(), clientSecurity)) {
            process().awaitUntil(() -> hasNode(admin), deadline, "Kafka is not ready after " + START_TIMEOUT);
        }
    }

    private static boolean hasNode(final Admin admin) throws InterruptedException {
        try {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException notYetReady) {
            // The broker listens but has not joined its own quorum yet.
            return false;
        }
    }

    private static Path logDir(final Path dataDir) {
        return dataDir.resolve("kraft-logs");
    }

    /** The settings of {@code kafka-server.properties} plus those that depend on this start. */
    private static Properties serverProperties(final Path dataDir, final int port, final int controllerPort,
                                               final Optional<Login> login) {
        final Properties p = new Properties();
        try (InputStream in = resource("kafka-server.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource kafka-server.properties", e);
        }
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + LocalPorts.LOOPBACK + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + port
                + ",CONTROLLER://" + LocalPorts.LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + port);
        p.put("log.dirs", logDir(dataDir).toString());
        login.ifPresent(l -> {
            // One client listener, SASL over plain TCP with SCRAM; the broker talks to itself through it too.
            p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("listeners", "SASL_PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + port
                    + ",CONTROLLER://" + LocalPorts.LOOPBACK + ":" + controllerPort);
            p.put("advertised.listeners", "SASL_PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + port);
            p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
            p.put("sasl.enabled.mechanisms", SCRAM);
            p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
            p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", l.jaas());
        });
        return p;
    }

    private static List<String> jvmOptions(final Path dataDir) {
        return List.of(HEAP, "-Xms64m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dlogging.configuration=" + dataDir.resolve("logging.properties").toUri());
    }

    private static void format(final Path dataDir, final Path config, final List<String> classpath, final Path logFile,
                               final Optional<Login> login) {
        final List<String> arguments = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString(), "--ignore-formatted"));
        // SCRAM credentials bootstrapped into the metadata log (KRaft): the broker knows the user at first start.
        login.ifPresent(l -> arguments.addAll(List.of("--add-scram",
                SCRAM + "=[name=" + l.user() + ",password=" + l.password() + "]")));
        final ChildProcess tool = ChildProcess.start("kafka-storage-format", jvmOptions(dataDir), classpath,
                "kafka.tools.StorageTool", arguments, dataDir, logFile);
        try {
            final int exit = tool.awaitExit(FORMAT_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException("Formatting the broker's storage failed (exit " + exit + "); end of "
                        + logFile + ":\n" + tool.logTail());
            }
        } catch (InterruptedException e) {
            tool.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting the broker's storage", e);
        }
    }

    /** The broker's jars, listed at build time (pom.xml, kafka-*.classpath) as absolute paths. */
    private static List<String> brokerClasspath() {
        final Set<String> entries = new LinkedHashSet<>();
        entries.addAll(classpathResource("kafka-broker.classpath"));
        entries.addAll(classpathResource("kafka-clients.classpath"));
        final List<String> missing = entries.stream().filter(e -> !Files.exists(Path.of(e))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The broker's jars are missing (was the local Maven repository moved?): "
                    + missing + ". Rebuild the embedded module: ./mvnw -pl embedded install");
        }
        return new ArrayList<>(entries);
    }

    private static List<String> classpathResource(final String name) {
        try (InputStream in = resource(name)) {
            final String content = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return content.isEmpty() ? List.of() : List.of(content.split(Pattern.quote(File.pathSeparator)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + name, e);
        }
    }

    private static InputStream resource(final String name) {
        final InputStream in = EmbeddedKafka.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Resource " + name + " is missing: build the embedded module with Maven");
        }
        return in;
    }

    private static void writeProperties(final Path file, final Properties properties) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "Written by org.opencdp.embedded.EmbeddedKafka at each start");
        }
    }

    /** JBoss LogManager configuration: INFO to stdout (the log file), the chattiest loggers at WARN. */
    private static final String LOGGING = """
            loggers=kafka.request.logger,state.change.logger,org.apache.kafka.clients,kafka.log.LogCleaner,org.apache.kafka.storage
            logger.level=INFO
            logger.handlers=CONSOLE
            logger.kafka.request.logger.level=WARN
            logger.state.change.logger.level=WARN
            logger.org.apache.kafka.clients.level=WARN
            logger.kafka.log.LogCleaner.level=WARN
            logger.org.apache.kafka.storage.level=WARN
            handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler
            handler.CONSOLE.properties=autoFlush,target
            handler.CONSOLE.autoFlush=true
            handler.CONSOLE.target=SYSTEM_OUT
            handler.CONSOLE.formatter=PATTERN
            formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter
            formatter.PATTERN.properties=pattern
            formatter.PATTERN.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n
            """;
}
