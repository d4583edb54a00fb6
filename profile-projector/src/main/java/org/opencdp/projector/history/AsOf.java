package org.opencdp.projector.history;

import java.time.Instant;

import org.opencdp.avro.Profile;

/** The answer to {@code ?as_of=}: the profile then, none then, or a history too short to tell. */
public sealed interface AsOf {

    /** The profile as it stood at the instant. */
    record Found(Profile profile) implements AsOf {
    }

    /** No profile then (not created yet), or none now (never existed, or deleted: its history is erased). */
    record Absent() implements AsOf {
    }

    /** The bounds dropped entries after the instant asked: the history is complete only from {@code completeFrom}. */
    record Incomplete(Instant completeFrom) implements AsOf {
    }
}
