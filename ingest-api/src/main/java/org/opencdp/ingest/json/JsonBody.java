package org.opencdp.ingest.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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
            .build();

    /** The Retainly seed's DELETE /customers example sends ids such as 01010011234, which strict JSON refuses. */
    private static final ObjectMapper LEADING_ZEROS_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
