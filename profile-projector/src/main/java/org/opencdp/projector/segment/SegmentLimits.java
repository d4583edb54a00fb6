package org.opencdp.projector.segment;

import java.time.Duration;

/**
 * The bounds of a segment definition (docs/segments.md, "Limits"). A definition beyond them is refused with a
 * problem naming the limit, so evaluation work per profile stays bounded whatever a caller sends.
 */
public final class SegmentLimits {

    /** Nesting of groups: the definition itself is level 1, so four levels of groups may nest inside it. */
    public static final int MAX_DEPTH = 5;
    /** Conditions in one definition, groups and leaves together (the definition's own level not counted). */
    public static final int MAX_CONDITIONS = 100;
    /** Values of one {@code in} list. */
    public static final int MAX_IN_VALUES = 100;
    /** Characters of a segment's name, a property name, an event name and a segment id. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Characters of an ISO-8601 duration's text (a longer text is not read). */
    public static final int MAX_DURATION_TEXT = 40;
    /** Longest trailing window of an event count (contract section 11). */
    public static final Duration MAX_WINDOW = Duration.ofDays(400);
    /** Longest duration of a relative date: ten years. */
    public static final Duration MAX_RELATIVE_DURATION = Duration.ofDays(3660);
    /** Largest count an event-count condition may name. */
    public static final long MAX_COUNT = 1_000_000L;
    /** Problems listed for one definition; past them the answer says that more were left out. */
    public static final int MAX_PROBLEMS = 100;

    private SegmentLimits() {
    }
}
