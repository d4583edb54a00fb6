package org.opencdp.ingest.json;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses request bodies ourselves, from the raw bytes, so that every route decides how malformed JSON
 * and wrong shapes are answered (never a framework 500). Jackson's default stream constraints bound
 * nesting depth and number/string length, so a hostile body fails here as malformed JSON.
 */
public final class JsonBody {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // "{"a":1} trailing" is malformed, not a valid object followed by noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"id":"a", …, "id":"b"} names two customers at once: which one the caller meant is unknowable, so
            // a repeated name in one object is malformed rather than the last one silently winning.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The Retainly seed's DELETE /customers example sends ids such as 01010011234, which strict JSON refuses. */
    private static final ObjectMapper LEADING_ZEROS_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    private JsonBody() {
    }

    /** The parsed body, or the reason it is not JSON. */
    public static Parsed parse(final byte[] body) {
        return parse(MAPPER, body);
    }

    /** As {@link #parse}, but numbers may have leading zeros ({@code 007} is 7). */
    public static Parsed parseAllowingLeadingZeros(final byte[] body) {
        return parse(LEADING_ZEROS_MAPPER, body);
    }

    private static Parsed parse(final ObjectMapper mapper, final byte[] body) {
        try {
            final JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                return new Parsed(null, new MalformedJson("The request body is empty", 0, 0, 0));
            }
            if (holdsLoneSurrogate(node)) {
                return new Parsed(null, new MalformedJson("The request body holds a lone surrogate (such as \\ud800 "
                        + "without its pair), which is not Unicode text", -1, 0, 0));
            }
            return new Parsed(node, null);
        } catch (JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            return new Parsed(null, at == null
                    ? new MalformedJson(e.getOriginalMessage(), -1, 0, 0)
                    : new MalformedJson(e.getOriginalMessage(), at.getByteOffset(), at.getLineNr(), at.getColumnNr()));
        } catch (IOException e) {
            return new Parsed(null, new MalformedJson("The request body could not be read: " + e.getMessage(), -1, 0, 0));
        }
    }

    /**
     * JSON lets {@code "\\ud800"} escape half of a surrogate pair; no UTF-8 encoding holds it, so such a string
     * would be stored as something else than was sent (an id would never be found again). Every name and text
     * value is checked, iteratively: the parser already bounds the nesting.
     */
    private static boolean holdsLoneSurrogate(final JsonNode root) {
        final Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            final JsonNode node = pending.pop();
            if (node.isTextual()) {
                if (hasLoneSurrogate(node.textValue())) {
                    return true;
                }
            } else if (node.isObject()) {
                for (final Map.Entry<String, JsonNode> field : node.properties()) {
                    if (hasLoneSurrogate(field.getKey())) {
                        return true;
                    }
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
        return false;
    }

    private static boolean hasLoneSurrogate(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** A string as a JSON document ({@code "text"}, quoted and escaped): the seeds' "string" bodies. */
    public static String quoted(final String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson cannot fail to write a string", e);
        }
    }

    /** Exactly one of {@code json} and {@code malformed} is set. */
    public record Parsed(JsonNode json, MalformedJson malformed) {

        public boolean isMalformed() {
            return malformed != null;
        }
    }
}
