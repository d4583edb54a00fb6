package org.opencdp.examples;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * An upstream producer: writes one upsert command for a customer straight to {@code customer-commands}, keyed by
 * (workspace, customer), in the platform's wire format (Confluent framing, schemas registered under
 * {@code <topic>-key} and {@code <topic>-value}). The projector folds it like a command from ingest-api.
 *
 * <pre>java -cp … org.opencdp.examples.UpstreamProducer \
 *     127.0.0.1:9092 http://127.0.0.1:8085/apis/ccompat/v7 demo 42 plan=pro</pre>
 */
public final class UpstreamProducer {

    public static void main(final String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: UpstreamProducer <bootstrap> <registry-url> <workspace> <customer-id> "
                    + "name=value...");
            System.exit(2);
        }
        final Map<String, Object> attributes = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            final String[] pair = args[i].split("=", 2);
            attributes.put(pair[0], pair.length == 2 ? pair[1] : null);
        }
        final String commandId = write(args[0], args[1], args[2], args[3], attributes);
        System.out.println("wrote command " + commandId + " for customer " + args[3]);
    }

    /** Writes the command and waits for Kafka's acknowledgement; returns its command id. */
    public static String write(final String bootstrap, final String registryUrl, final String workspace,
                               final String customerId, final Map<String, Object> attributes) throws Exception {
        final Topic<CustomerKey, CustomerCommand> topic = Topics.CUSTOMER_COMMANDS;
        final Topic.Serdes<CustomerKey, CustomerCommand> serdes = topic.serdes(new RestSchemaRegistry(registryUrl));
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // Idempotent with acks=all, as the services' own producers: a retried send is written once.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        final String requestId = "upstream-" + UUID.randomUUID();
        final CustomerCommand command = CustomerCommand.newBuilder()
                .setCommandId(requestId + ":0") // unique per command, stable if this send is retried
                .setWorkspaceId(workspace)
                .setCustomerId(customerId)
                .setRequestId(requestId)
                .setTimestamp(Instant.now())
                .setSourceRoute("upstream")
                .setFamily(ApiFamily.UPSTREAM)
                .setCommand(UpsertAttributes.newBuilder().setAttributes(new HashMap<>(attributes)).build())
                .build();
        try (KafkaProducer<CustomerKey, CustomerCommand> producer = new KafkaProducer<>(config,
                serdes.key().serializer(), serdes.value().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), new CustomerKey(workspace, customerId), command)).get();
        }
        return command.getCommandId();
    }

    private UpstreamProducer() {
    }
}
