package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;

/**
 * One encoder, buffer and decoder per thread, reused: each record's bytes must be its own whatever the thread
 * coded before it (a larger record, a writer that threw, bytes that were not Avro), and a coding started inside
 * another must not share its buffer.
 */
class AvroCodingTest {

    private static final DatumWriter<CustomerKey> KEYS = new SpecificDatumWriter<>(CustomerKey.class);
    private static final DatumWriter<CustomerCommand> COMMANDS = new SpecificDatumWriter<>(CustomerCommand.class);

    @Test
    void shouldEncodeEachRecordAsAvroDoesWhateverTheThreadEncodedBefore() throws IOException {
        // Given records of very different sizes: a large one (past the buffer a thread keeps), then small ones
        final CustomerKey large = new CustomerKey("demo", "x".repeat(AvroCoding.KEPT_BUFFER_BYTES + 10));
        final List<Object> records = new ArrayList<>(List.of(large, new CustomerKey("a", "1")));
        records.addAll(SampleRecords.commandOfEveryKind());
        records.add(new CustomerKey("", ""));
        for (int round = 0; round < 2; round++) {
            for (final Object record : records) {
                // When each is encoded and measured on one thread
                final byte[] encoded = record instanceof CustomerKey key ? AvroCoding.encode(KEYS, key)
                        : AvroCoding.encode(COMMANDS, (CustomerCommand) record);
                final long size = record instanceof CustomerKey key ? AvroCoding.size(KEYS, key)
                        : AvroCoding.size(COMMANDS, (CustomerCommand) record);

                // Then its bytes are Avro's own for it alone, and its size their length
                assertThat(encoded).isEqualTo(plain(record));
                assertThat(size).isEqualTo(encoded.length);
            }
        }
    }

    @Test
    void shouldEncodeTheNextRecordWholeAfterAWriterThrewHalfWay() throws IOException {
        // Given a writer that writes a few bytes and then throws
        final DatumWriter<CustomerKey> failing = new SpecificDatumWriter<>(CustomerKey.class) {
            @Override
            public void write(final CustomerKey datum, final Encoder out) throws IOException {
                out.writeString("half written");
                throw new IOException("broken writer");
            }
        };
        final CustomerKey key = new CustomerKey("demo", "42");
        assertThatThrownBy(() -> AvroCoding.encode(failing, key)).hasMessage("broken writer");

        // When the thread encodes the next record, Then it holds nothing of the failed one
        assertThat(AvroCoding.encode(KEYS, key)).isEqualTo(plain(key));
    }

    @Test
    void shouldGiveAnEncodingStartedInsideAnotherABufferOfItsOwn() throws IOException {
        // Given a writer that, half way through its record, encodes another one on the same thread
        final CustomerKey inner = new CustomerKey("inner", "i-1");
        final AtomicReference<byte[]> innerBytes = new AtomicReference<>();
        final DatumWriter<CustomerKey> nesting = new SpecificDatumWriter<>(CustomerKey.class) {
            @Override
            public void write(final CustomerKey datum, final Encoder out) throws IOException {
                out.writeString(datum.getWorkspaceId());
                innerBytes.set(AvroCoding.encode(KEYS, inner));
                out.writeString(datum.getCustomerId());
            }
        };
        final CustomerKey outer = new CustomerKey("outer", "o-1");

        // When the outer record is encoded
        final byte[] outerBytes = AvroCoding.encode(nesting, outer);

        // Then each holds its own bytes only
        assertThat(innerBytes.get()).isEqualTo(plain(inner));
        assertThat(outerBytes).isEqualTo(plain(outer));
    }

    @Test
    void shouldDecodeAfterBytesThatWereNotAvro() throws IOException {
        // Given bytes that end inside a string, decoded on this thread (and refused)
        final SpecificDatumReader<CustomerKey> reader = new SpecificDatumReader<>(CustomerKey.class);
        final byte[] truncated = {(byte) 40, 'a', 'b'};
        assertThatThrownBy(() -> AvroCoding.decode(reader, truncated, 0, truncated.length)).isInstanceOf(IOException.class);

        // When a whole record is decoded next, from an offset into a larger array
        final byte[] key = plain(new CustomerKey("demo", "42"));
        final byte[] framed = new byte[key.length + 7];
        System.arraycopy(key, 0, framed, 5, key.length);

        // Then it is read whole and alone
        assertThat(AvroCoding.decode(reader, framed, 5, key.length)).isEqualTo(new CustomerKey("demo", "42"));
    }

    private static byte[] plain(final Object record) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        if (record instanceof CustomerKey key) {
            KEYS.write(key, encoder);
        } else {
            COMMANDS.write((CustomerCommand) record, encoder);
        }
        encoder.flush();
        return out.toByteArray();
    }
}
