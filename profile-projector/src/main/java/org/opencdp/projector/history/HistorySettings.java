package org.opencdp.projector.history;

import java.util.Optional;

/**
 * Whether the fold keeps history, and within which bounds (docs/history.md): the deployment's, which a workspace
 * may replace with its own ({@code PATCH /admin/workspaces/{id}} {@code "history"}). Off only to measure what
 * history costs the fold ({@code ./cdp bench}) or for a deployment that must not keep any.
 */
public record HistorySettings(boolean enabled, HistoryBounds bounds, WorkspaceBounds workspaces) {

    /** A workspace's own bounds, as this instance knows them; empty: the deployment's. */
    @FunctionalInterface
    public interface WorkspaceBounds {

        /** No workspace has bounds of its own. */
        WorkspaceBounds NONE = (workspace, deployment) -> Optional.empty();

        Optional<HistoryBounds> of(String workspace, HistoryBounds deployment);
    }

    /** On, with the contract's bounds. */
    public static final HistorySettings DEFAULTS = new HistorySettings(true, HistoryBounds.DEFAULTS);
    public static final HistorySettings OFF = new HistorySettings(false, HistoryBounds.DEFAULTS);

    public HistorySettings {
        if (bounds == null || workspaces == null) {
            throw new IllegalArgumentException("history settings have bounds");
        }
    }

    /** With the deployment's bounds for every workspace. */
    public HistorySettings(final boolean enabled, final HistoryBounds bounds) {
        this(enabled, bounds, WorkspaceBounds.NONE);
    }

    /** The bounds {@code workspace} keeps its history within. */
    public HistoryBounds bounds(final String workspace) {
        return workspaces.of(workspace, bounds).orElse(bounds);
    }
}
