package org.opencdp.trigger.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signatures in the Standard Webhooks form (standardwebhooks.com): each delivery carries
 * {@code webhook-id} (the run id, the same for every attempt), {@code webhook-timestamp} (seconds since the epoch,
 * of this attempt) and {@code webhook-signature}: {@code v1,} and the base64 HMAC-SHA256, keyed with the
 * workflow's secret, of {@code id.timestamp.body}. The secret is {@code whsec_} and 32 random bytes in base64,
 * shown once, when the workflow gets its webhook. A receiver recomputes the signature and compares.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        final byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} value of one delivery: {@code v1,<base64 HMAC-SHA256>}. */
    public static String sign(final String secret, final String id, final long timestampSeconds, final byte[] body) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * What a receiver does: whether one of the space-separated signatures of {@code signatureHeader} is this
     * delivery's (compared in constant time). Checking that the timestamp is recent is the receiver's.
     */
    public static boolean verify(final String secret, final String id, final long timestampSeconds, final byte[] body,
                                 final String signatureHeader) {
        final byte[] expected = sign(secret, id, timestampSeconds, body).getBytes(StandardCharsets.UTF_8);
        for (final String candidate : signatureHeader.trim().split(" +")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(final String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }

    private WebhookSignature() {
    }
}
