package org.opencdp.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The workspace a record key names, read from its bytes without the registry: every key of every topic
 * ({@code CustomerKey}, {@code PropertyKey}, {@code WorkspaceKey}, {@code SignUpSourceKey}, {@code WorkflowKey},
 * {@code RunKey}) is written by {@link AvroSerde} in the Confluent wire format with {@code workspace_id} as its
 * first field, an Avro string (a zig-zag varint length, then UTF-8). Used where a record may not be readable as
 * its type (a dead letter) but must still be shown only to its own workspace.
 */
public final class KeyWorkspace {

    /** The longest workspace id read; ids are far shorter, a longer length is not a key of ours. */
    static final int MAX_ID_BYTES = 1024;

    private KeyWorkspace() {
    }

    /** The key's workspace id; empty when the bytes are not a key in that form (a poison pill, another writer). */
    public static Optional<String> of(final byte[] key) {
        if (key == null || key.length <= AvroSerde.HEADER_SIZE || key[0] != AvroSerde.MAGIC_BYTE) {
            return Optional.empty();
        }
        long raw = 0;
        int shift = 0;
        int at = AvroSerde.HEADER_SIZE;
        while (true) {
            if (at >= key.length || shift > 28) {
                return Optional.empty();
            }
            final int b = key[at++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        final long length = (raw >>> 1) ^ -(raw & 1);
        if (length <= 0 || length > MAX_ID_BYTES || at + length > key.length) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key, at, (int) length)).toString());
        } catch (CharacterCodingException notText) {
            return Optional.empty();
        }
    }
}
