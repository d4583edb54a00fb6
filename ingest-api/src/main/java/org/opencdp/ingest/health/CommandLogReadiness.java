package org.opencdp.ingest.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.schemas.Topics;

/**
 * Ready once the producer has found the {@code customer-commands} partitions: Kafka is reachable and the
 * topic exists. Waits at most the publish timeout ({@code max.block.ms}).
 */
@Readiness
@ApplicationScoped
public class CommandLogReadiness implements HealthCheck {

    private final Producer<CustomerKey, CustomerCommand> producer;

    @Inject
    public CommandLogReadiness(final Producer<CustomerKey, CustomerCommand> producer) {
        this.producer = producer;
    }

    @Override
    public HealthCheckResponse call() {
        final String topic = Topics.CUSTOMER_COMMANDS.name();
        try {
            return HealthCheckResponse.named("command-log").up()
                    .withData("topic", topic)
                    .withData("partitions", producer.partitionsFor(topic).size())
                    .build();
        } catch (KafkaException e) {
            return HealthCheckResponse.named("command-log").down()
                    .withData("topic", topic)
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
