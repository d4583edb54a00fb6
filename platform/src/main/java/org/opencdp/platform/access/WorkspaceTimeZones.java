package org.opencdp.platform.access;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The time zone each workspace was given (contract section 10, {@code time_zone}), as this instance knows it: the
 * projector reads a date sent without a zone in it (contract section 4). Empty: the deployment's default.
 */
public interface WorkspaceTimeZones {

    /** No workspace has a zone of its own. */
    WorkspaceTimeZones NONE = workspaceId -> Optional.empty();

    Optional<ZoneId> of(String workspaceId);

    /** The zones {@code directory} holds (the followed workspaces topic); an id the JDK does not know: none. */
    static WorkspaceTimeZones of(final Directory directory) {
        return workspaceId -> directory.workspace(workspaceId).flatMap(Workspace::timeZone).flatMap(zone -> {
            try {
                return Optional.of(ZoneId.of(zone));
            } catch (DateTimeException unknown) {
                return Optional.empty();
            }
        });
    }
}
