package org.opencdp.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which record of a workspace a follower keeps ({@link Workspace#kept}): the first creation, then every change. */
class WorkspaceTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private static Workspace created(final String creationId, final String timeZone) {
        return new Workspace("acme", Optional.of(timeZone), Optional.empty(), T0, false, Optional.of(creationId));
    }

    @Test
    void shouldKeepTheFirstCreationWhenAnotherCreationOfTheSameIdFollows() {
        // Given the first creation held; When another request's creation record arrives; Then it is ignored
        final Workspace first = created("c-1", "Europe/Berlin");
        assertThat(Workspace.kept(first, created("c-2", "Asia/Tokyo"))).isSameAs(first);
    }

    @Test
    void shouldApplyChangesAndTheDeletionMarkToWhateverCreationIsHeld() {
        // Given the first creation held
        final Workspace first = created("c-1", "Europe/Berlin");
        // When a change and then the deletion mark arrive (no creation id)
        final Workspace changed = new Workspace("acme", Optional.of("UTC"), Optional.empty(), T0, false);
        final Workspace deleted = changed.deleted(true);
        // Then each replaces what is held, and a late creation record of the loser is still ignored
        assertThat(Workspace.kept(first, changed)).isSameAs(changed);
        assertThat(Workspace.kept(changed, deleted)).isSameAs(deleted);
        assertThat(Workspace.kept(deleted, created("c-2", "Asia/Tokyo"))).isSameAs(deleted);
        assertThat(deleted.creationId()).isEmpty();
    }

    @Test
    void shouldAcceptTheSameCreationAgain() {
        // Given a creation held; When its own record is read again (a follower re-reading the topic); Then it is kept
        final Workspace first = created("c-1", "Europe/Berlin");
        final Workspace again = created("c-1", "Europe/Berlin");
        assertThat(Workspace.kept(first, again)).isSameAs(again);
    }
}
