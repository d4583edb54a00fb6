package org.opencdp.projector.history;

/**
 * Whether the fold keeps history, and within which bounds (docs/history.md). Off only to measure what history
 * costs the fold ({@code ./cdp bench}) or for a deployment that must not keep any.
 */
public record HistorySettings(boolean enabled, HistoryBounds bounds) {

    /** On, with the contract's bounds. */
    public static final HistorySettings DEFAULTS = new HistorySettings(true, HistoryBounds.DEFAULTS);
    public static final HistorySettings OFF = new HistorySettings(false, HistoryBounds.DEFAULTS);

    public HistorySettings {
        if (bounds == null) {
            throw new IllegalArgumentException("history settings have bounds");
        }
    }
}
