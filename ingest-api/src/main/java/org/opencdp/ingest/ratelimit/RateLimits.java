package org.opencdp.ingest.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.opencdp.platform.access.RateLimit;

/**
 * The limits every request of ingest-api passes (contract section 10): a token bucket per workspace (its own
 * {@code rate_limit}, or the deployment's default), and a cap on
 * failed authentications per presented credential and per client address. Kept by each instance in its memory
 * (docs/rate-limits.md says why). Pure: the caller passes the time.
 */
public final class RateLimits {

    /** What a limit answers: go on, or wait {@code retryAfter} (429). */
    public sealed interface Decision {
        record Allowed() implements Decision {
        }

        /** Refused: {@code reason} names the limit, {@code retryAfter} when trying again can succeed. */
        record Limited(String reason, Duration retryAfter) implements Decision {
            /** Whole seconds for {@code Retry-After}: at least 1, rounded up. */
            public long retryAfterSeconds() {
                return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            }
        }
    }

    private static final Decision ALLOWED = new Decision.Allowed();
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

    private final RateLimit defaultLimit;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A workspace's bucket, with the limit it was made for (a changed limit makes a new one). */
    private record Bucket(RateLimit limit, TokenBucket tokens) {
    }
    private final FailedAuthentications failures;

    /**
     * @param perSecond             a workspace's sustained request rate
     * @param burst                 the requests a workspace may send at once
     * @param failuresPerMinute     failed authentications allowed per credential and per address in a minute
     * @param maxTrackedFailures    credentials and addresses followed at most (memory bound)
     */
    public RateLimits(final double perSecond, final double burst, final int failuresPerMinute,
                      final int maxTrackedFailures) {
        new TokenBucket(perSecond, burst, 0); // checks the settings at start
        this.defaultLimit = new RateLimit(perSecond, burst);
        this.failures = new FailedAuthentications(failuresPerMinute, FAILURE_WINDOW.toNanos(), maxTrackedFailures);
    }

    /**
     * Before authenticating: whether the presented credential ({@code credential}: the key, or the bearer token;
     * empty when none) or the client {@code address} failed too often in the current minute.
     */
    public Decision beforeAuthentication(final Optional<String> credential, final String address, final long now) {
        final long blocked = Math.max(credential.map(c -> failures.blockedFor(fingerprint(c), now)).orElse(0L),
                failures.blockedFor(addressKey(address), now));
        return blocked > 0 ? new Decision.Limited("too many failed authentications", Duration.ofNanos(blocked))
                : ALLOWED;
    }

    /** Counts a failed authentication of {@code credential} from {@code address}. */
    public void failed(final Optional<String> credential, final String address, final long now) {
        credential.ifPresent(c -> failures.failed(fingerprint(c), now));
        failures.failed(addressKey(address), now);
    }

    /** An authenticated request of {@code workspaceId}, under the default limit. */
    public Decision request(final String workspaceId, final long now) {
        return request(workspaceId, Optional.empty(), now);
    }

    /**
     * An authenticated request of {@code workspaceId}: takes a token from its bucket, or says how long to wait. The
     * bucket follows the workspace's own limit ({@code own}, else the default); when that changes, the workspace
     * starts again with a full bucket of the new size.
     */
    public Decision request(final String workspaceId, final Optional<RateLimit> own, final long now) {
        final RateLimit limit = own.orElse(defaultLimit);
        Bucket bucket = buckets.get(workspaceId);
        if (bucket == null || !bucket.limit().equals(limit)) {
            bucket = buckets.compute(workspaceId, (id, old) -> old != null && old.limit().equals(limit)
                    ? old : new Bucket(limit, new TokenBucket(limit.perSecond(), limit.burst(), now)));
        }
        final long wait = bucket.tokens().take(now);
        return wait == 0 ? ALLOWED : new Decision.Limited("the workspace's request rate limit", Duration.ofNanos(wait));
    }

    /** A credential is followed by a digest, never kept as presented (a token is a secret). */
    private static String fingerprint(final String credential) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return "credential:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    private static String addressKey(final String address) {
        return "address:" + address;
    }
}
