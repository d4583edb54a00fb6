package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.EnrichedEvent;

/**
 * An event's leading string fields are read from its first bytes alone; anything that is not such a record (another
 * writer schema, other bytes) reads as nothing, so that its reader decodes it whole.
 */
class LeadingStringsTest {

    private static final String TOPIC = "enriched-events";
    private static final List<String> HEAD = List.of("event_id", "workspace_id", "customer_id", "request_id", "name");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<EnrichedEvent> events = AvroSerde.forValues(EnrichedEvent.class, registry);
    private final LeadingStrings leading = new LeadingStrings(registry, HEAD);

    @Test
    void shouldReadTheLeadingFieldsFromTheirBytesAlone() throws IOException {
        // Given an event with multi-byte text in its leading fields, and its bytes cut off right after its name
        final EnrichedEvent event = event("évt-1", "acme", "c-✓", "r-𝄞", "segment.entered");
        final byte[] whole = events.serialize(TOPIC, event);
        final byte[] cut = Arrays.copyOf(whole, AvroSerde.HEADER_SIZE + strings("évt-1", "acme", "c-✓", "r-𝄞",
                "segment.entered").length);

        // When the leading fields of both are read
        // Then both give the same values: nothing after the name was needed
        final List<String> expected = List.of("évt-1", "acme", "c-✓", "r-𝄞", "segment.entered");
        assertThat(leading.read(whole)).contains(expected);
        assertThat(leading.read(cut)).contains(expected);
    }

    @Test
    void shouldReadNothingFromBytesThatEndOrBreakInsideTheFields() throws IOException {
        // Given an event's bytes cut inside its name, and bytes whose first field claims a gigabyte
        final byte[] whole = events.serialize(TOPIC, event("e-1", "acme", "c-1", "r-1", "page.viewed"));
        final byte[] insideTheName = Arrays.copyOf(whole,
                AvroSerde.HEADER_SIZE + strings("e-1", "acme", "c-1", "r-1", "page.viewed").length - 1);
        final byte[] gigabyte = Arrays.copyOf(whole, 16);
        // zig-zag varint of 2^30: the length of the first string
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, 0, gigabyte,
                AvroSerde.HEADER_SIZE, 5);

        // When their leading fields are read, then there are none (the whole decoding reports such bytes)
        assertThat(leading.read(insideTheName)).isEmpty();
        assertThat(leading.read(gigabyte)).isEmpty();
    }

    @Test
    void shouldReadNothingWhereTheWriterSchemaDoesNotBeginWithTheFields() throws IOException {
        // Given a record whose schema begins with the same names, in another order, and one whose name may be null
        final Schema reordered = SchemaBuilder.record("Reordered").fields()
                .requiredString("workspace_id").requiredString("event_id").requiredString("customer_id")
                .requiredString("request_id").requiredString("name").endRecord();
        final Schema nullableName = SchemaBuilder.record("NullableName").fields()
                .requiredString("event_id").requiredString("workspace_id").requiredString("customer_id")
                .requiredString("request_id").optionalString("name").endRecord();
        final byte[] first = wire(registry.register("a-value", reordered), strings("acme", "e-1", "c-1", "r-1", "x"));
        final byte[] second = wire(registry.register("b-value", nullableName),
                strings("e-1", "acme", "c-1", "r-1", "x"));

        // When their leading fields are read, then there are none: their readers decode them whole
        assertThat(leading.read(first)).isEmpty();
        assertThat(leading.read(second)).isEmpty();
    }

    @Test
    void shouldReadNothingFromBytesNotInTheWireFormatOrOfAnUnknownSchema() throws IOException {
        final byte[] body = strings("e-1", "acme", "c-1", "r-1", "x");
        assertThat(leading.read(null)).isEmpty();
        assertThat(leading.read(new byte[] {0, 0})).isEmpty();
        assertThat(leading.read("not avro at all".getBytes())).isEmpty();
        assertThat(leading.read(wire(4242, body))).isEmpty();
    }

    @Test
    void shouldAskTheRegistryOnceForASchemaIdItDoesNotKnowAndAgainAfterItWasUnreachable() {
        // Given a registry that counts look-ups, unreachable at first
        final int[] lookups = new int[1];
        final boolean[] reachable = new boolean[1];
        final SchemaRegistry counting = counting(lookups, reachable);
        final LeadingStrings reader = new LeadingStrings(counting, HEAD);
        final byte[] known = events.serialize(TOPIC, event("e-1", "acme", "c-1", "r-1", "page.viewed"));
        final byte[] unknown = wire(4242, Arrays.copyOfRange(known, AvroSerde.HEADER_SIZE, known.length));

        // When an event is read while the registry is down, then twice after it is back; and bytes of an unknown
        // schema id three times
        assertThat(reader.read(known)).isEmpty();
        reachable[0] = true;
        assertThat(reader.read(known)).contains(List.of("e-1", "acme", "c-1", "r-1", "page.viewed"));
        assertThat(reader.read(known)).isPresent();
        for (int i = 0; i < 3; i++) {
            assertThat(reader.read(unknown)).isEmpty();
        }

        // Then the registry was asked once while down, once after, and once for the unknown id
        assertThat(lookups[0]).isEqualTo(3);
    }

    @Test
    void shouldKeepABoundedNumberOfWriterSchemaIds() {
        // Given a registry that counts look-ups, and bytes naming more unknown schema ids than are kept
        final int[] lookups = new int[1];
        final SchemaRegistry counting = counting(lookups, new boolean[] {true});
        final LeadingStrings reader = new LeadingStrings(counting, HEAD);
        final byte[] body = Arrays.copyOfRange(events.serialize(TOPIC, event("e-1", "acme", "c-1", "r-1", "x")),
                AvroSerde.HEADER_SIZE, 20);
        for (int id = 0; id < LeadingStrings.MAX_KEPT_WRITERS; id++) {
            assertThat(reader.read(wire(100_000 + id, body))).isEmpty();
        }

        // When one more unknown id is read twice
        lookups[0] = 0;
        reader.read(wire(999_999, body));
        reader.read(wire(999_999, body));

        // Then it was not kept: each read asked the registry again
        assertThat(lookups[0]).isEqualTo(2);
    }

    /** The test's registry, counting each look-up by id in {@code lookups[0]}, unreachable while {@code reachable[0]} is false. */
    private SchemaRegistry counting(final int[] lookups, final boolean[] reachable) {
        return new SchemaRegistry() {
            @Override
            public int register(final String subject, final Schema schema) {
                return registry.register(subject, schema);
            }

            @Override
            public Schema schemaById(final int id) {
                lookups[0]++;
                if (!reachable[0]) {
                    throw new SchemaRegistryUnavailableException("down", null);
                }
                return registry.schemaById(id);
            }
        };
    }

    private static EnrichedEvent event(final String id, final String workspace, final String customer,
                                       final String request, final String name) {
        return new EnrichedEvent(id, workspace, customer, request, name, Map.of("k", "v"),
                Instant.ofEpochMilli(1_700_000_000_123L), SampleRecords.profile(), List.of());
    }

    /** Avro's binary of {@code values} written one after the other, as a record's string fields are. */
    private static byte[] strings(final String... values) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        for (final String value : values) {
            encoder.writeString(value);
        }
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] wire(final int schemaId, final byte[] body) {
        return ByteBuffer.allocate(AvroSerde.HEADER_SIZE + body.length).put(AvroSerde.MAGIC_BYTE).putInt(schemaId)
                .put(body).array();
    }
}
