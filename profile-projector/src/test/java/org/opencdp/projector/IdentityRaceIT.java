package org.opencdp.projector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.Profile;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.schemas.Topics;

/**
 * Conflicting identify requests from several producers (as several ingest-api instances would send them) and
 * Retainly writes by customer id, all at once, folded by two projector instances: afterwards every identifier
 * is on exactly one live profile, every acknowledged write is on the profile its user resolves to, and every
 * merged-away profile holds nothing but its redirect.
 */
class IdentityRaceIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int USERS = 12;
    private static final int THREADS = 4;
    private static final int REQUESTS_PER_THREAD = 40;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One user's identifiers in this run. */
    private record User(String clientUserId, String email, String phone) {

        List<Identifier> all() {
            return List.of(new Identifier(IdentifierKinds.CUSTOMER_ID, null, clientUserId),
                    new Identifier(IdentifierKinds.EMAIL, null, email), new Identifier(IdentifierKinds.PHONE, null, phone));
        }
    }

    @Test
    void shouldKeepEveryIdentifierOnOneProfileUnderConcurrentBridgingRequests() throws Exception {
        // Given two projector instances in one group
        assertThat(JAR).as("the fast-jar built by package").isRegularFile();
        final SharedInfrastructure infrastructure = ProjectorInfrastructure.infrastructure();
        final String applicationId = "projector-identity-race-it-" + UUID.randomUUID().toString().substring(0, 8);
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final List<User> users = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            users.add(new User(run + "-u" + u, run + "-u" + u + "@example.com", "+4790" + String.format("%06d", u)
                    + String.valueOf(Math.abs(run.hashCode()) % 1000)));
        }
        final List<QuarkusService> instances = new ArrayList<>();
        try {
            final int portA = ProjectorInfrastructure.freePort();
            final int portB = ProjectorInfrastructure.freePort();
            instances.add(ProjectorInfrastructure.launchJar("identity-race-a", portA, applicationId));
            instances.add(ProjectorInfrastructure.launchJar("identity-race-b", portB, applicationId));
            for (final QuarkusService instance : instances) {
                instance.awaitReady(Duration.ofSeconds(120));
            }

            // When several producers send, at once, requests naming random subsets of a user's identifiers (so
            // that separate profiles appear and are bridged later), and Retainly writes by customer id
            final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
            final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            final List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                senders.add(pool.submit(() -> {
                    final Random random = new Random(thread * 31L + run.hashCode());
                    try (CommandProducer producer = new CommandProducer(infrastructure.bootstrapServers(),
                            infrastructure.registryUrl())) {
                        for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                            final User user = users.get(random.nextInt(USERS));
                            final String attribute = "w_" + thread + "_" + i;
                            final String requestId = run + "-t" + thread + "-" + i;
                            final Instant at = Instant.now();
                            if (random.nextInt(5) == 0) {
                                producer.send(Commands.command(user.clientUserId(), requestId, at, ApiFamily.RETAINLY,
                                        new UpsertAttributes(new HashMap<>(Map.of(attribute, "v")), new HashMap<>())));
                            } else {
                                final List<Identifier> named = new ArrayList<>(user.all());
                                java.util.Collections.shuffle(named, random);
                                final List<Identifier> subset = List.copyOf(named.subList(0, 1 + random.nextInt(2)));
                                producer.send(identify(requestId, at, subset, attribute));
                            }
                            acknowledged.computeIfAbsent(user.clientUserId(), k -> ConcurrentHashMap.newKeySet())
                                    .add(attribute);
                        }
                    }
                }));
            }
            for (final Future<?> sender : senders) {
                sender.get();
            }
            pool.shutdown();
            // Finally one request per user naming all three identifiers: every user ends as one person.
            try (CommandProducer producer = new CommandProducer(infrastructure.bootstrapServers(), infrastructure.registryUrl())) {
                for (final User user : users) {
                    producer.send(identify(user.clientUserId() + "-all", Instant.now(), user.all(), "joined"));
                    acknowledged.computeIfAbsent(user.clientUserId(), k -> ConcurrentHashMap.newKeySet()).add("joined");
                }
            }

            // Then each user's three identifiers lead, through either instance, to one live profile holding every
            // write acknowledged for that user
            final Map<String, String> profileOfUser = new HashMap<>();
            for (final User user : users) {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    final JsonNode byEmail = profile(portA, "/customers?email=" + encode(user.email()));
                    final JsonNode byPhone = profile(portB, "/customers?phone=" + encode(user.phone()));
                    final JsonNode byId = profile(portA, "/customers/" + encode(user.clientUserId()));
                    assertThat(byEmail.path("customer_id").asText()).isEqualTo(byPhone.path("customer_id").asText())
                            .isEqualTo(byId.path("customer_id").asText());
                    final List<String> names = new ArrayList<>();
                    byEmail.path("attributes").fieldNames().forEachRemaining(names::add);
                    assertThat(names).containsAll(acknowledged.get(user.clientUserId()));
                    profileOfUser.put(user.clientUserId(), byEmail.path("customer_id").asText());
                });
            }
            assertThat(Set.copyOf(profileOfUser.values())).hasSize(USERS);

            // And on the profiles topic (the latest record per key of this run): every identifier is on exactly one
            // live profile, and a merged-away profile holds nothing but the id of a survivor
            final Set<String> runIds = new java.util.HashSet<>();
            users.forEach(user -> user.all().forEach(identifier -> runIds.add(identifier.getValue())));
            final Map<CustomerKey, Profile> latest = latestProfiles(infrastructure, runIds);
            final Map<String, List<String>> holders = new HashMap<>();
            for (final Profile profile : latest.values()) {
                if (profile.getMergedInto() == null) {
                    profile.getIdentifiers().forEach(identifier -> holders
                            .computeIfAbsent(identifier.getKind() + ":" + identifier.getValue(), k -> new ArrayList<>())
                            .add(profile.getCustomerId()));
                } else {
                    assertThat(profile.getAttributes()).as("merged-away %s", profile.getCustomerId()).isEmpty();
                    assertThat(profile.getIdentifiers()).isEmpty();
                    assertThat(latest).containsKey(new CustomerKey("demo", profile.getMergedInto()));
                }
            }
            for (final User user : users) {
                for (final Identifier identifier : user.all()) {
                    assertThat(holders.get(identifier.getKind() + ":" + identifier.getValue()))
                            .as("live profiles holding %s", identifier.getValue())
                            .containsExactly(profileOfUser.get(user.clientUserId()));
                }
            }
            System.out.printf("%d users, %d requests from %d producers: %d profiles created, %d merged away%n", USERS,
                    THREADS * REQUESTS_PER_THREAD + USERS, THREADS, latest.size(),
                    latest.values().stream().filter(p -> p.getMergedInto() != null).count());
        } finally {
            instances.forEach(QuarkusService::close);
        }
    }

    private static IdentityCommand identify(final String requestId, final Instant at, final List<Identifier> identifiers,
                                            final String attribute) {
        final CustomerCommand upsert = new CustomerCommand(requestId + ":0", "demo", "", requestId, at,
                "POST /v2/user/attributes", ApiFamily.ATTENTIVE,
                new UpsertAttributes(new HashMap<>(Map.of(attribute, "v")), new HashMap<>()), null, false, null);
        return new IdentityCommand(requestId + "/0", "demo", requestId, at, "POST /v2/user/attributes",
                new IdentifyRequest(identifiers, List.of(upsert)));
    }

    /** The latest record of every profile of this run on the profiles topic, read to its end. */
    private static Map<CustomerKey, Profile> latestProfiles(final SharedInfrastructure infrastructure,
                                                            final Set<String> runIds) {
        final Map<CustomerKey, Profile> latest = new HashMap<>();
        for (final ConsumerRecord<CustomerKey, Profile> record : CommittedRecords.toEnd(infrastructure, Topics.PROFILES)) {
            if (record.key() != null && runIds.contains(record.key().getCustomerId())) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }

    /** The profile a query answers, following the redirects from merged-away profiles. */
    private static JsonNode profile(final int port, final String pathAndQuery) throws IOException, InterruptedException {
        // A profile merged into one that was merged later redirects to it, which redirects on: follow a few.
        URI uri = URI.create("http://127.0.0.1:" + port + pathAndQuery);
        HttpResponse<String> response = get(uri);
        for (int hops = 0; response.statusCode() == 307 && hops < 5; hops++) {
            uri = uri.resolve(response.headers().firstValue("Location").orElseThrow());
            response = get(uri);
        }
        assertThat(response.statusCode()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(final URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer demo-token").timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
