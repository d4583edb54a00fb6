package org.opencdp.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds and reads JSON for tests. */
public final class TestJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TestJson() {
    }

    public static JsonNode parse(final String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** {@code object} with a list {@code field} of {@code count} items, {@code item(i)} for each index: a batch body. */
    public static ObjectNode withList(final ObjectNode object, final String field, final int count,
                                      final IntFunction<JsonNode> item) {
        final ArrayNode list = object.putArray(field);
        for (int i = 0; i < count; i++) {
            list.add(item.apply(i));
        }
        return object;
    }

    /** A string of {@code n} characters. */
    public static String chars(final int n) {
        return "x".repeat(n);
    }

    /** A test resource as text, e.g. a seed's request example kept verbatim. */
    public static String resource(final String name) {
        try (InputStream in = TestJson.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
