package org.opencdp.projector;

import java.time.Instant;

/** The instants the projector's tests write at: explicit, a few seconds then minutes apart, the same in every test. */
public final class Times {

    public static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
    public static final Instant T2 = Instant.parse("2024-05-01T10:00:05Z");
    public static final Instant T3 = Instant.parse("2024-05-01T10:00:09Z");
    public static final Instant T4 = Instant.parse("2024-05-01T10:01:00Z");
    public static final Instant T5 = Instant.parse("2024-05-01T10:02:00Z");
    public static final Instant T6 = Instant.parse("2024-05-01T10:03:00Z");

    private Times() {
    }
}
