package org.opencdp.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A secret or token as it is kept: a random salt and SHA-256(salt || UTF-8 secret), never the secret itself. One
 * hash and one constant-time comparison check a presented secret. The secrets are long random strings, not
 * passwords, so a fast hash is the right tool; the salt keeps equal secrets from having equal hashes and makes a
 * precomputed table useless. A secret configured as {@code sha256:<hex>} (its unsalted hash) has an empty salt.
 */
public final class SaltedHash {

    /** Bytes of salt of every hash made here. */
    public static final int SALT_BYTES = 16;
    private static final int DIGEST_BYTES = 32;

    private final byte[] salt;
    private final byte[] hash;

    private SaltedHash(final byte[] salt, final byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    /** The stored form read back; refuses a hash that is not a SHA-256 digest. */
    public static SaltedHash of(final byte[] salt, final byte[] hash) {
        if (hash.length != DIGEST_BYTES || salt.length > 64) {
            throw new IllegalArgumentException("A salted hash has a SHA-256 digest (32 bytes) and at most 64 bytes of"
                    + " salt, not " + hash.length + " and " + salt.length);
        }
        return new SaltedHash(salt.clone(), hash.clone());
    }

    /** Hashes {@code secret} with a fresh random salt. */
    public static SaltedHash hash(final String secret, final SecureRandom random) {
        final byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new SaltedHash(salt, digest(salt, secret));
    }

    /** The unsalted hash {@link SecretHash} keeps: a configured {@code sha256:<hex>} (an empty salt). */
    public static SaltedHash unsalted(final SecretHash hash) {
        return new SaltedHash(new byte[0], hash.digest());
    }

    /** Constant-time comparison of a presented secret against this hash. */
    public boolean matches(final String presented) {
        return presented != null && MessageDigest.isEqual(hash, digest(salt, presented));
    }

    public byte[] salt() {
        return salt.clone();
    }

    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof SaltedHash that && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    /** Never the digest: nothing to print that would help a guess. */
    @Override
    public String toString() {
        return "SaltedHash[" + (salt.length == 0 ? "unsalted" : "salted") + "]";
    }

    private static byte[] digest(final byte[] salt, final String secret) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
