package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;

import io.vertx.core.Vertx;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topics;

/**
 * Apicurio's own Kafka serde, set up the way a Confluent-compatible producer or consumer would be, and ours
 * read each other's records through one registry, in the same bytes.
 */
// A registry call that never answers fails its test instead of holding the build (Apicurio's client has no timeout).
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ApicurioInteropIT {

    private final SharedInfrastructure infrastructure = SharedInfrastructure.get();
    /**
     * This test's own Vert.x for Apicurio's HTTP client. By default every Apicurio serde shares one JVM-wide
     * instance, so closing one test's serde could close pooled connections under the next test's requests
     * ("Connection was closed"); here each test's connections live and die with the test.
     */
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeHttpClient() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static List<CustomerCommand> commandOfEveryKind() {
        return SampleRecords.commandOfEveryKind();
    }

    @ParameterizedTest
    @MethodSource("commandOfEveryKind")
    void shouldReadWhatApicuriosSerializerWroteWithNestedTypesAsSchemaReferences(final CustomerCommand command) {
        // Given: Apicurio's default registers each nested named type as a subject of its own, referenced
        final String topic = uniqueTopic();
        final byte[] bytes;
        try (AvroKafkaSerializer<CustomerCommand> theirs = apicurioSerializer(false)) {
            bytes = theirs.serialize(topic, command);
        }

        // When
        final CustomerCommand read = ourSerde().deserialize(topic, bytes);

        // Then
        assertThat(read).isEqualTo(command);
    }

    @ParameterizedTest
    @MethodSource("commandOfEveryKind")
    void shouldHaveApicuriosDeserializerReadWhatWeWrote(final CustomerCommand command) {
        // Given
        final String topic = uniqueTopic();
        final byte[] bytes = ourSerde().serialize(topic, command);

        // When
        final CustomerCommand read;
        try (AvroKafkaDeserializer<CustomerCommand> theirs = apicurioDeserializer()) {
            read = theirs.deserialize(topic, bytes);
        }

        // Then
        assertThat(read).isEqualTo(command);
    }

    @Test
    void shouldWriteTheSameBytesAsApicuriosSerializer() {
        // Given
        final String topic = uniqueTopic();
        final CustomerCommand command = SampleRecords.commandOfEveryKind().getFirst();

        // When: Apicurio registers the whole schema first; ours finds the same content under the same subject
        final byte[] theirs;
        try (AvroKafkaSerializer<CustomerCommand> serializer = apicurioSerializer(true)) {
            theirs = serializer.serialize(topic, command);
        }
        final byte[] ours = ourSerde().serialize(topic, command);

        // Then: magic byte 0, the same 4-byte id (the registry's content id), the same Avro body
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours[0]).isZero();
        final int id = ByteBuffer.wrap(ours, 1, 4).getInt();
        assertThat(new RestSchemaRegistry(infrastructure.registryUrl()).schemaById(id))
                .isEqualTo(CustomerCommand.getClassSchema());
    }

    private AvroSerde<CustomerCommand> ourSerde() {
        return Topics.CUSTOMER_COMMANDS.valueSerde(new RestSchemaRegistry(infrastructure.registryUrl()));
    }

    /**
     * Apicurio 3's serde in the Confluent wire format: ids in the payload (no headers) as 4 bytes after a
     * zero magic byte, the id being the content id (what the Confluent API calls a schema id), subjects named
     * by topic ({@code <topic>-value}). Apicurio's client speaks the registry's core API, which shares
     * artifacts and ids with the Confluent API.
     */
    private Map<String, Object> apicurioConfig() {
        final Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, infrastructure.registryCoreApiUrl());
        config.put(SchemaResolverConfig.VERTX_INSTANCE, vertx);
        config.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, IdOption.contentId.name());
        config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
        config.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, TopicIdStrategy.class.getName());
        return config;
    }

    /**
     * @param wholeSchema register the schema as one document, as a Confluent serializer does, rather than each
     *                    nested named type as a referenced subject of its own (Apicurio's default)
     */
    private AvroKafkaSerializer<CustomerCommand> apicurioSerializer(final boolean wholeSchema) {
        final Map<String, Object> config = apicurioConfig();
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(SchemaResolverConfig.DEREFERENCE_SCHEMA, wholeSchema);
        final AvroKafkaSerializer<CustomerCommand> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    private AvroKafkaDeserializer<CustomerCommand> apicurioDeserializer() {
        final Map<String, Object> config = apicurioConfig();
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        final AvroKafkaDeserializer<CustomerCommand> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return deserializer;
    }

    private static String uniqueTopic() {
        return "interop-" + UUID.randomUUID();
    }
}
