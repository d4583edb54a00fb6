package org.opencdp.ingest.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A caller's {@code Idempotency-Key}: 1 to {@value #MAX_LENGTH} printable ASCII characters. A retry that
 * sends the same key with the same body to the same target is the same request: it gets the same request
 * id ({@link #requestId}), hence the same command ids ({@code <request_id>:<index>}), and the projector
 * applies each command id once within the workspace's dedup window. A reused key with another body is
 * another request.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;
    static final String REQUEST_ID_PREFIX = "idem-";
    /** 32 hex characters (128 bits): collisions between distinct requests are out of reach. */
    private static final int REQUEST_ID_HEX_LENGTH = 32;
    private static final byte SEPARATOR = 0;

    public IdempotencyKey {
        final String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** What the {@code Idempotency-Key} header of a request says. */
    public sealed interface Reading {

        /** No header: the request is not idempotent. */
        record Absent() implements Reading {
        }

        record Valid(IdempotencyKey key) implements Reading {
        }

        record Invalid(String reason) implements Reading {
        }
    }

    /** Reads the header's value ({@code null} when the request has none). */
    public static Reading read(final String header) {
        if (header == null) {
            return new Reading.Absent();
        }
        final String problem = problem(header);
        return problem == null ? new Reading.Valid(new IdempotencyKey(header)) : new Reading.Invalid(problem);
    }

    /**
     * The request id of the request this key identifies: {@code "idem-"} and the first 32 hex characters of
     * {@code sha256(workspace 0x00 target 0x00 key 0x00 sha256(body))}, strings in UTF-8 and the body's
     * digest as its 32 raw bytes. The target is the method and the path the request addressed
     * ({@code "POST /customers"}, {@code "PUT /properties/plan"}), so a key reused on another route or another
     * property names another request; so does a key reused with other body bytes.
     */
    public String requestId(final String workspaceId, final String target, final byte[] body) {
        final MessageDigest digest = sha256();
        digest.update(workspaceId.getBytes(StandardCharsets.UTF_8));
        digest.update(SEPARATOR);
        digest.update(target.getBytes(StandardCharsets.UTF_8));
        digest.update(SEPARATOR);
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update(SEPARATOR);
        digest.update(sha256().digest(body));
        return REQUEST_ID_PREFIX + HexFormat.of().formatHex(digest.digest()).substring(0, REQUEST_ID_HEX_LENGTH);
    }

    private static String problem(final String value) {
        if (value == null || value.isEmpty()) {
            return "The Idempotency-Key may not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "The Idempotency-Key may have at most " + MAX_LENGTH + " characters";
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            return "The Idempotency-Key may hold printable ASCII characters only";
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }
}
