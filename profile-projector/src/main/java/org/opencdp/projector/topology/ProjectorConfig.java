package org.opencdp.projector.topology;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.access.WorkspaceTimeZones;
import org.opencdp.projector.segment.SegmentSets;
import org.opencdp.projector.attribute.TimeZones;
import org.opencdp.schemas.values.Limits;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.projector.history.HistorySettings;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * What the topology needs from outside: the schema registry its serdes talk to, the command limits, the
 * time zone dates without one are read in (the workspace's), and how long a command with an idempotency
 * key is remembered (the workspace's dedup window), and how many commands a survivor folds after a merge
 * before the merge can no longer be undone (docs/identity.md), and where the fold tells how far it has folded
 * (the reads waiting for a consistency token listen there), and the bound on a profile's encoded size
 * (docs/architecture.md, "Bounded records"), and how many partitions customer-commands has (0 when unknown): a
 * command read from another partition than its key's was written by a producer that partitions differently
 * from Kafka's default, and is dead-lettered instead of folded into a profile no read would find; and which
 * workspaces the operator deleted (their commands are no longer applied, their data is erased from every store:
 * {@link org.opencdp.platform.streams.WorkspaceErasure}); and the zone each workspace was given, if any
 * ({@code timeZone} is the default); and whether and within which bounds each profile's history is kept; and each
 * workspace's segments, which the fold evaluates for every customer it changes (docs/segments.md).
 */
public record ProjectorConfig(SchemaRegistry registry, Limits limits, ZoneId timeZone, Duration dedupWindow,
                              int undoableCommands, FoldedOffsets folded, ProfileBound bound, int commandPartitions,
                              DeletedWorkspaces deleted, WorkspaceTimeZones workspaceZones, HistorySettings history,
                              SegmentSets segments) {

    /** The default for {@code undoableCommands}: enough for an operator to notice a wrong merge. */
    public static final int DEFAULT_UNDOABLE_COMMANDS = 1000;

    public ProjectorConfig(final SchemaRegistry registry, final Limits limits, final ZoneId timeZone,
                           final Duration dedupWindow) {
        this(registry, limits, timeZone, dedupWindow, DEFAULT_UNDOABLE_COMMANDS);
    }

    public ProjectorConfig(final SchemaRegistry registry, final Limits limits, final ZoneId timeZone,
                           final Duration dedupWindow, final int undoableCommands) {
        this(registry, limits, timeZone, dedupWindow, undoableCommands, new FoldedOffsets());
    }

    public ProjectorConfig(final SchemaRegistry registry, final Limits limits, final ZoneId timeZone,
                           final Duration dedupWindow, final int undoableCommands, final FoldedOffsets folded) {
        this(registry, limits, timeZone, dedupWindow, undoableCommands, folded, ProfileBound.DEFAULT);
    }

    /** Without the command topic's partition count: the fold does not check where a command was written. */
    public ProjectorConfig(final SchemaRegistry registry, final Limits limits, final ZoneId timeZone,
                           final Duration dedupWindow, final int undoableCommands, final FoldedOffsets folded,
                           final ProfileBound bound) {
        this(registry, limits, timeZone, dedupWindow, undoableCommands, folded, bound, 0);
    }

    /** Without deleted workspaces: tests that delete none. */
    public ProjectorConfig(final SchemaRegistry registry, final Limits limits, final ZoneId timeZone,
                           final Duration dedupWindow, final int undoableCommands, final FoldedOffsets folded,
                           final ProfileBound bound, final int commandPartitions) {
        this(registry, limits, timeZone, dedupWindow, undoableCommands, folded, bound, commandPartitions,
                DeletedWorkspaces.NONE, WorkspaceTimeZones.NONE);
    }

    /** With history kept within the contract's bounds (docs/history.md). */
    public ProjectorConfig(final SchemaRegistry registry, final Limits limits, final ZoneId timeZone,
                           final Duration dedupWindow, final int undoableCommands, final FoldedOffsets folded,
                           final ProfileBound bound, final int commandPartitions, final DeletedWorkspaces deleted,
                           final WorkspaceTimeZones workspaceZones) {
        this(registry, limits, timeZone, dedupWindow, undoableCommands, folded, bound, commandPartitions, deleted,
                workspaceZones, HistorySettings.DEFAULTS);
    }

    /** Without segments: tests of everything else. */
    public ProjectorConfig(final SchemaRegistry registry, final Limits limits, final ZoneId timeZone,
                           final Duration dedupWindow, final int undoableCommands, final FoldedOffsets folded,
                           final ProfileBound bound, final int commandPartitions, final DeletedWorkspaces deleted,
                           final WorkspaceTimeZones workspaceZones, final HistorySettings history) {
        this(registry, limits, timeZone, dedupWindow, undoableCommands, folded, bound, commandPartitions, deleted,
                workspaceZones, history, SegmentSets.NONE);
    }

    /** The same, with {@code segments}. */
    public ProjectorConfig withSegments(final SegmentSets segments) {
        return new ProjectorConfig(registry, limits, timeZone, dedupWindow, undoableCommands, folded, bound,
                commandPartitions, deleted, workspaceZones, history, segments);
    }

    /** The zone each workspace's dates without one are read in: its own, else {@code timeZone}. */
    public TimeZones zones() {
        return TimeZones.of(workspaceZones::of, timeZone);
    }

    public ProjectorConfig {
        Objects.requireNonNull(registry);
        Objects.requireNonNull(deleted);
        Objects.requireNonNull(workspaceZones);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(timeZone);
        Objects.requireNonNull(folded);
        Objects.requireNonNull(bound);
        Objects.requireNonNull(history);
        Objects.requireNonNull(segments);
        if (dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("The dedup window must be positive: " + dedupWindow);
        }
        if (undoableCommands < 0) {
            throw new IllegalArgumentException("undoableCommands must not be negative: " + undoableCommands);
        }
    }
}
