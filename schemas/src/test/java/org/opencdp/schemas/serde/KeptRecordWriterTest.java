package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;

/**
 * The writer resolves each union's branch once per union and Java class: what it writes must be, byte for byte,
 * what Avro's own writer writes, whichever branch came first, and a generic record must still be resolved by its
 * schema (two generic records share one class).
 */
class KeptRecordWriterTest {

    private static final Instant AT = Instant.parse("2024-03-01T10:15:30.123Z");

    @Test
    void shouldWriteEveryBranchOfAProfilesUnionsAsAvroDoes() throws IOException {
        // Given profiles whose attributes take every branch of the value union, in two orders, and whose optional
        // fields are both null and set
        final Profile first = profile(List.of(new StringValue("pro"), new IntegerValue(42L), new NumberValue("9.75"),
                new BooleanValue(true), new DateValue(AT), new CollectionValue(List.of("a", "b")),
                new ArrayValue(List.of(new ArrayItem(Map.of("id", "o-1")))), new EnumValue("gold")), null);
        final Profile second = profile(List.of(new EnumValue("silver"), new DateValue(AT.plusSeconds(1)),
                new IntegerValue(-7L), new StringValue("free")), "survivor");
        final KeptRecordWriter<SpecificRecord> writer = new KeptRecordWriter<>(Profile.getClassSchema());

        // When one writer writes them one after the other, twice (the second time from the branches it learned)
        for (int round = 0; round < 2; round++) {
            for (final Profile profile : List.of(first, second)) {
                // Then each is what Avro's own writer writes
                assertThat(bytes(writer, profile)).isEqualTo(bytes(new SpecificDatumWriter<>(Profile.getClassSchema()), profile));
            }
        }
    }

    @Test
    void shouldWriteCommandsOfEveryKindAsAvroDoes() throws IOException {
        // Given a command of each kind: the payload union and every raw value type of its maps
        final KeptRecordWriter<SpecificRecord> writer = new KeptRecordWriter<>(CustomerCommand.getClassSchema());
        final List<CustomerCommand> commands = new ArrayList<>(SampleRecords.commandOfEveryKind());
        commands.addAll(SampleRecords.commandOfEveryKind().reversed());
        for (final CustomerCommand command : commands) {
            // When one writer writes them all, Then each is what Avro's own writer writes
            assertThat(bytes(writer, command))
                    .isEqualTo(bytes(new SpecificDatumWriter<>(CustomerCommand.getClassSchema()), command));
        }
    }

    @Test
    void shouldWriteEveryKindOfTextAndAnAbsentOptionalAsAvroDoes() throws IOException {
        // Given texts Avro's encoder takes different paths for (empty, ASCII, past its 128-byte buffer, two- to
        // four-byte characters, and a lone surrogate, which UTF-8 cannot hold), in plain fields, optional fields,
        // map keys and lists
        final List<String> texts = List.of("", "a", "plain ascii", "é", "x".repeat(200), "ascii then é",
                "prö ✓ 𝄞", "lone \uD834 surrogate", "\uDD1E", "\u0000 nul", "é".repeat(150));
        final KeptRecordWriter<SpecificRecord> writer = new KeptRecordWriter<>(Profile.getClassSchema());
        for (final String text : texts) {
            final Map<String, Attribute> attributes = new LinkedHashMap<>();
            attributes.put(text, new Attribute(new CollectionValue(List.of(text, "b")), AT, text));
            for (final String mergedInto : Arrays.asList(null, text)) {
                final Profile profile = Profile.newBuilder().setWorkspaceId(text).setCustomerId(text + "-c")
                        .setAttributes(attributes).setCreatedAt(AT).setUpdatedAt(AT).setLastRequestId(text)
                        .setRevision(Long.MIN_VALUE).setMergedInto(mergedInto).build();

                // When it is written, Then its bytes are what Avro's own writer writes
                assertThat(bytes(writer, profile))
                        .as("text %s, merged_into %s", text, mergedInto)
                        .isEqualTo(bytes(new SpecificDatumWriter<>(Profile.getClassSchema()), profile));
            }
        }
    }

    @Test
    void shouldRefuseANullInARequiredFieldAsAvroDoes() {
        // Given a profile whose required text is null (a builder checks; a setter does not)
        final Profile profile = SampleRecords.profile();
        profile.setLastRequestId(null);
        final KeptRecordWriter<SpecificRecord> writer = new KeptRecordWriter<>(Profile.getClassSchema());

        // When it is written, Then it fails as Avro's own writer fails, naming the field
        final Throwable ours = catchThrowable(() -> bytes(writer, profile));
        final Throwable avros = catchThrowable(() -> bytes(new SpecificDatumWriter<>(Profile.getClassSchema()),
                profile));
        assertThat(ours).isNotNull().hasSameClassAs(avros).hasMessage(avros.getMessage());
    }

    @Test
    void shouldResolveGenericRecordsOfOneClassByTheirSchemas() throws IOException {
        // Given a union of two record types, each written as a generic record (one Java class for both)
        final Schema left = SchemaBuilder.record("Left").fields().requiredString("v").endRecord();
        final Schema right = SchemaBuilder.record("Right").fields().requiredString("v").endRecord();
        final Schema holder = SchemaBuilder.record("Holder").fields().name("side").type(
                Schema.createUnion(left, right)).noDefault().endRecord();
        final KeptRecordWriter<Object> writer = new KeptRecordWriter<>(holder);
        for (final Schema side : List.of(left, right, left)) {
            final GenericData.Record value = new GenericData.Record(side);
            value.put("v", "x");
            final GenericData.Record record = new GenericData.Record(holder);
            record.put("side", value);

            // When one writer writes them, Then each names its own branch, as Avro's own writer does
            assertThat(bytes(writer, record)).isEqualTo(bytes(new GenericDatumWriter<>(holder), record));
            assertThat(bytes(writer, record)[0]).isEqualTo((byte) (side == left ? 0 : 2));
        }
    }

    private static Profile profile(final List<Object> values, final String mergedInto) {
        final Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            attributes.put("a" + i, new Attribute(values.get(i), AT, "r-" + i));
        }
        return Profile.newBuilder().setWorkspaceId("demo").setCustomerId("42").setAttributes(attributes)
                .setCreatedAt(AT).setUpdatedAt(AT).setLastRequestId("r-0").setRevision(values.size())
                .setIdentifiers(List.of(new Identifier("email", null, "a@example.com"),
                        new Identifier("custom", "crm", "c-1")))
                .setMergedInto(mergedInto).build();
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] bytes(final DatumWriter<? super T> writer, final Object record) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        ((DatumWriter<Object>) writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
