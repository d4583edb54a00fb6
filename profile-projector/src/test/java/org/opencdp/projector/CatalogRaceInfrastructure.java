package org.opencdp.projector;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.apache.kafka.common.utils.Utils;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.embedded.SharedInfrastructure;

/**
 * Two first writes of one new property that race, added to {@link ProjectorInfrastructure} (which every
 * projector test gets): before the projector starts, a Retently write infers {@code string} for customer A and
 * a Retainly write of 42 infers a number type for customer B, on two different partitions. The projector (with
 * an application id of its own, so that no earlier instance's group delays it) finds both waiting when it
 * starts. The test reads what was written from the configuration ({@code race.*}).
 */
public class CatalogRaceInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static final Instant T1 = Instant.parse("2024-09-01T07:00:00Z");

    @Override
    public Map<String, String> start() {
        final Map<String, String> config = new HashMap<>();
        final SharedInfrastructure infrastructure = ProjectorInfrastructure.infrastructure();
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String property = "tier_" + run;
        final String customerA = "race-" + run + "-a";
        final String requestA = "race-" + run + "-ra";
        final String requestB = "race-" + run + "-rb";
        try (CommandProducer producer = new CommandProducer(infrastructure.bootstrapServers(), infrastructure.registryUrl())) {
            final int partitionA = partition(producer, customerA);
            String customerB = null;
            for (int i = 0; customerB == null; i++) {
                final String candidate = "race-" + run + "-b" + i;
                if (partition(producer, candidate) != partitionA) {
                    customerB = candidate;
                }
            }
            final CustomerCommand a = Commands.command(customerA, requestA, T1, ApiFamily.RETENTLY,
                    new UpsertAttributes(new HashMap<>(Map.of(property, "gold")), new HashMap<>()));
            final CustomerCommand b = Commands.command(customerB, requestB, T1, ApiFamily.RETAINLY,
                    new UpsertAttributes(new HashMap<>(Map.of(property, 42L)), new HashMap<>()));
            final int landedA = producer.send(a).partition();
            final int landedB = producer.send(b).partition();
            if (landedA == landedB) {
                throw new IllegalStateException("The race needs two partitions, but both landed on " + landedA);
            }
            config.put("race.customer-a", customerA);
            config.put("race.customer-b", customerB);
            config.put("race.request-a", requestA);
            config.put("race.request-b", requestB);
        }
        config.put("race.property", property);
        config.put("quarkus.kafka-streams.application-id", "projector-catalog-race-" + run);
        return config;
    }

    /** The partition the default partitioner picks for the customer's key, as for every producer of customer-commands. */
    private static int partition(final CommandProducer producer, final String customerId) {
        return Utils.toPositive(Utils.murmur2(producer.key(Commands.key(customerId)))) % ProjectorInfrastructure.PARTITIONS;
    }

    @Override
    public void stop() {
        // Nothing of its own to stop: the broker and registry are shared by the JVM's ITs.
    }
}
