package org.opencdp.ingest.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications per presented credential and per client address, in fixed windows: the first failure
 * opens a window of {@code window}; once {@code limit} failures fell in it, that credential (or address) is
 * refused until the window ends, whatever it presents. Bounded: at most {@code maxTracked} credentials and
 * addresses are followed; past that, ended windows are dropped, and while every tracked one is live a new one
 * is not followed (its requests are still authenticated, and refused when wrong; the ones followed stay blocked).
 */
final class FailedAuthentications {

    private record Window(long openedAt, int failures) {
    }

    private final int limit;
    private final long window;
    private final int maxTracked;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailedAuthentications(final int limit, final long windowNanos, final int maxTracked) {
        if (limit < 1 || windowNanos <= 0 || maxTracked < 1) {
            throw new IllegalArgumentException("A failed-authentication limit needs a limit, a window and room");
        }
        this.limit = limit;
        this.window = windowNanos;
        this.maxTracked = maxTracked;
    }

    /** Nanoseconds until {@code who} may authenticate again; 0 when it may now. */
    long blockedFor(final String who, final long now) {
        final Window current = windows.get(who);
        if (current == null || now - current.openedAt() >= window || current.failures() < limit) {
            return 0;
        }
        return current.openedAt() + window - now;
    }

    /** Counts one failed authentication of {@code who}. */
    void failed(final String who, final long now) {
        if (!windows.containsKey(who) && windows.size() >= maxTracked) {
            windows.values().removeIf(w -> now - w.openedAt() >= window);
            if (windows.size() >= maxTracked) {
                return;
            }
        }
        windows.merge(who, new Window(now, 1), (old, first) -> now - old.openedAt() >= window
                ? first : new Window(old.openedAt(), old.failures() + 1));
    }

    int tracked() {
        return windows.size();
    }
}
