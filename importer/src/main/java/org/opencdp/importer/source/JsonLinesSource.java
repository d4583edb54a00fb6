package org.opencdp.importer.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON lines: one JSON object per line, its fields the row's values (as JSON). A line that is not UTF-8, not
 * one JSON object, repeats a field name, or is over {@link #MAX_LINE_BYTES} refuses that row only.
 */
public final class JsonLinesSource implements RowSource {

    /** Two customers' worth of the per-profile bound (524,288 bytes) of JSON text. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Bytes in;
    private long line;
    private boolean ended;

    public JsonLinesSource(final InputStream in) throws IOException {
        this.in = new Bytes(in);
        this.in.skipByteOrderMark();
    }

    @Override
    public RawRow next() throws IOException {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (!ended) {
            text.reset();
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                final int b = in.read();
                if (b < 0) {
                    ended = true;
                    break;
                }
                any = true;
                if (b == '\n') {
                    break;
                }
                if (text.size() >= MAX_LINE_BYTES) {
                    tooLong = true;
                } else {
                    text.write(b);
                }
            }
            if (!any) {
                return null;
            }
            line++;
            if (tooLong) {
                return refused("line is over " + MAX_LINE_BYTES + " bytes");
            }
            final byte[] bytes = text.toByteArray();
            final String decoded = Utf8.decode(bytes, bytes.length);
            if (decoded == null) {
                return refused("not valid UTF-8");
            }
            if (decoded.isBlank()) {
                continue;
            }
            final JsonNode node;
            try {
                node = JSON.readTree(decoded);
            } catch (JsonProcessingException malformed) {
                return refused("not JSON: " + malformed.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                return refused("not a JSON object");
            }
            final Map<String, Object> values = new LinkedHashMap<>();
            node.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
            return new RawRow(line, values, List.of());
        }
        return null;
    }

    private RawRow refused(final String problem) {
        return new RawRow(line, Map.of(), List.of(problem));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
