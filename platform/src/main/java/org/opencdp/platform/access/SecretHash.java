package org.opencdp.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Secrets and tokens are kept only as SHA-256 hashes and compared in constant time. They are long random
 * strings, not passwords, so a fast hash is the right tool (no brute-forceable low-entropy input).
 */
public final class SecretHash {

    /** The configured form of an unsalted hash: {@code sha256:<hex>}. */
    public static final String PREFIX = "sha256:";

    private final byte[] digest;

    private SecretHash(final byte[] digest) {
        this.digest = digest;
    }

    public static SecretHash of(final String secret) {
        return new SecretHash(sha256(secret));
    }

    /** Parses the stored form {@code sha256:<hex>}. */
    public static SecretHash parse(final String stored) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("A stored secret hash must look like sha256:<64 hex digits>");
        }
        final byte[] digest = HexFormat.of().parseHex(stored.substring(PREFIX.length()));
        if (digest.length != 32) {
            throw new IllegalArgumentException("A SHA-256 hash has 32 bytes, not " + digest.length);
        }
        return new SecretHash(digest);
    }

    /** Constant-time comparison of a presented secret against this hash. */
    public boolean matches(final String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The SHA-256 digest (a copy). */
    byte[] digest() {
        return digest.clone();
    }

    /** The stored form, {@code sha256:<hex>}. */
    public String stored() {
        return PREFIX + HexFormat.of().formatHex(digest);
    }

    @Override
    public String toString() {
        return stored();
    }

    private static byte[] sha256(final String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
