package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topics;

/** The client against a real registry (Apicurio, through its Confluent-compatible API). */
class RestSchemaRegistryIT {

    private final String url = SharedInfrastructure.get().registryUrl();

    @Test
    void shouldFindARegisteredSchemaByItsId() {
        // Given
        final String subject = uniqueSubject();
        final int id = new RestSchemaRegistry(url).register(subject, probe("a"));

        // When: a client that has never seen it asks for it
        final Schema found = new RestSchemaRegistry(url).schemaById(id);

        // Then
        assertThat(found).isEqualTo(probe("a"));
    }

    @Test
    void shouldGiveTheSameSchemaTheSameIdInEveryClientAndSubject() {
        // Given
        final String subject = uniqueSubject();
        final int first = new RestSchemaRegistry(url).register(subject, probe("a"));

        // When
        final int again = new RestSchemaRegistry(url).register(subject, probe("a"));
        final int elsewhere = new RestSchemaRegistry(url).register(uniqueSubject(), probe("a"));

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(elsewhere).isEqualTo(first);
    }

    @Test
    void shouldGiveANewVersionANewId() {
        // Given
        final String subject = uniqueSubject();
        final RestSchemaRegistry registry = new RestSchemaRegistry(url);
        final int v1 = registry.register(subject, probe("a"));

        // When: a field with a default is added, a BACKWARD-compatible change
        final int v2 = registry.register(subject, new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                        + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}"));

        // Then
        assertThat(v2).isNotEqualTo(v1);
        assertThat(new RestSchemaRegistry(url).schemaById(v2).getField("b")).isNotNull();
    }

    @Test
    void shouldRefuseAChangeIncompatibleUnderBackwardWithTheRegistrysReason() {
        // Given
        final String subject = uniqueSubject();
        final RestSchemaRegistry registry = new RestSchemaRegistry(url);
        registry.register(subject, probe("a"));

        // When: a field without a default is added, which cannot read the records written so far
        final Schema incompatible = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                        + "{\"name\":\"b\",\"type\":\"int\"}]}");

        // Then
        assertThatThrownBy(() -> registry.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
                .hasMessageContaining("subject '" + subject + "'")
                .hasMessageContaining("HTTP 409");
    }

    @Test
    void shouldReportAnUnknownIdAsNotFound() {
        // When / Then
        assertThatThrownBy(() -> new RestSchemaRegistry(url).schemaById(987_654))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
                .hasMessageContaining("schema id 987654");
    }

    @Test
    void shouldCarryACommandThroughTheSerdeAndTheRealRegistry() {
        // Given
        final String topic = "rest-it-" + UUID.randomUUID();
        final CustomerCommand command = SampleRecords.commandOfEveryKind().getFirst();
        final byte[] bytes = Topics.CUSTOMER_COMMANDS.valueSerde(new RestSchemaRegistry(url)).serialize(topic, command);

        // When: read by another process's serde, which knows nothing yet
        final CustomerCommand read = Topics.CUSTOMER_COMMANDS.valueSerde(new RestSchemaRegistry(url)).deserialize(topic, bytes);

        // Then
        assertThat(read).isEqualTo(command);
    }

    private static Schema probe(final String field) {
        return new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"" + field + "\",\"type\":\"string\"}]}");
    }

    private static String uniqueSubject() {
        return "rest-it-" + UUID.randomUUID() + "-value";
    }
}
