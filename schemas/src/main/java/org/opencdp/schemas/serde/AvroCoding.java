package org.opencdp.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The Avro binary coding of {@link AvroSerde} and {@link RecordSize}: one encoder, output buffer and decoder per
 * thread, reused for every record the thread encodes, measures or decodes. Avro's factories, asked for a new coder
 * each time, gave every encoding a 2 KiB buffer and a stream to throw away; the fold encodes a dozen records a
 * command (keys included), so that was most of what the projector's young generation collected.
 *
 * <p>A buffer that a large record grew past {@link #KEPT_BUFFER_BYTES} is dropped after that record, so a thread
 * keeps at most that much between records. A coding started while the thread's coder is in use (no writer or
 * reader here does that) gets coders of its own.
 */
final class AvroCoding {

    /** The most a thread keeps of its output buffer between records. */
    static final int KEPT_BUFFER_BYTES = 64 * 1024;
    private static final int INITIAL_BUFFER_BYTES = 1024;
    private static final ThreadLocal<AvroCoding> CURRENT = ThreadLocal.withInitial(AvroCoding::new);

    private Output out = new Output(INITIAL_BUFFER_BYTES);
    private final Output counter = new Output(0);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private boolean busy;

    private AvroCoding() {
    }

    /** The Avro binary of {@code datum}. */
    static <T> byte[] encode(final DatumWriter<T> writer, final T datum) throws IOException {
        return encode(writer, datum, 0);
    }

    /**
     * The Avro binary of {@code datum} after {@code reserved} zero bytes, in one array: the wire format's header is
     * written into them afterwards, instead of copying the encoding into a second array behind it.
     */
    static <T> byte[] encode(final DatumWriter<T> writer, final T datum, final int reserved) throws IOException {
        return onThisThread(coding -> coding.encodeWith(writer, datum, reserved));
    }

    /** How many bytes the Avro binary of {@code datum} takes, counted without keeping them. */
    static <T> long size(final DatumWriter<T> writer, final T datum) throws IOException {
        return onThisThread(coding -> coding.sizeWith(writer, datum));
    }

    /** {@code length} bytes of {@code data} from {@code offset}, read by {@code reader}. */
    static <T> T decode(final DatumReader<T> reader, final byte[] data, final int offset, final int length)
            throws IOException {
        return onThisThread(coding -> {
            coding.decoder = DecoderFactory.get().binaryDecoder(data, offset, length, coding.decoder);
            return reader.read(null, coding.decoder);
        });
    }

    /** Runs {@code work} with this thread's coders, or with coders of its own while the thread's are in use. */
    private static <R> R onThisThread(final Work<R> work) throws IOException {
        final AvroCoding coding = CURRENT.get();
        if (coding.busy) {
            return work.with(new AvroCoding());
        }
        coding.busy = true;
        try {
            return work.with(coding);
        } finally {
            coding.busy = false;
        }
    }

    @FunctionalInterface
    private interface Work<R> {
        R with(AvroCoding coding) throws IOException;
    }

    private <T> byte[] encodeWith(final DatumWriter<T> writer, final T datum, final int reserved) throws IOException {
        // Direct: each write goes straight to the buffer, which, unlike a ByteArrayOutputStream, takes no lock.
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        out.reset();
        out.zeros(reserved);
        try {
            writer.write(datum, encoder);
            encoder.flush();
            return out.toByteArray();
        } finally {
            if (out.capacity() > KEPT_BUFFER_BYTES) {
                out = new Output(INITIAL_BUFFER_BYTES);
            }
        }
    }

    private <T> long sizeWith(final DatumWriter<T> writer, final T datum) throws IOException {
        encoder = EncoderFactory.get().directBinaryEncoder(counter, encoder);
        counter.reset();
        writer.write(datum, encoder);
        encoder.flush();
        return counter.count;
    }

    /** An unsynchronized output: it keeps the bytes while it has a buffer, and counts them in any case. */
    private static final class Output extends OutputStream {
        private byte[] bytes;
        private long count;

        Output(final int capacity) {
            this.bytes = capacity == 0 ? null : new byte[capacity];
        }

        void reset() {
            count = 0;
        }

        void zeros(final int n) {
            ensure(n);
            Arrays.fill(bytes, (int) count, (int) count + n, (byte) 0);
            count += n;
        }

        int capacity() {
            return bytes.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, (int) count);
        }

        @Override
        public void write(final int b) {
            if (bytes != null) {
                ensure(1);
                bytes[(int) count] = (byte) b;
            }
            count++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            if (bytes != null) {
                ensure(len);
                System.arraycopy(b, off, bytes, (int) count, len);
            }
            count += len;
        }

        private void ensure(final int more) {
            final long needed = count + more;
            if (needed > bytes.length) {
                if (needed > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("A record of more than 2 GiB cannot be encoded");
                }
                bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
            }
        }
    }
}
