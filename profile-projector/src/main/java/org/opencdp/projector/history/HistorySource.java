package org.opencdp.projector.history;

import org.opencdp.avro.AbsorbProfile;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.RestoreProfile;
import org.opencdp.avro.UndoMerge;

/**
 * Where a change came from (contract section 12, {@code "source"}), derived from what a command carries today:
 * <ul>
 *   <li>a merge command ({@code MergeInto}, {@code AbsorbProfile}, {@code UndoMerge}, {@code RestoreProfile}):
 *       {@link Kind#MERGE}, whatever route started it;</li>
 *   <li>{@code source_route} {@value #UPSTREAM_ROUTE}: {@link Kind#PRODUCER}, a direct producer on the topic;</li>
 *   <li>any other {@code source_route} (e.g. {@code "POST /customers"}): {@link Kind#ROUTE}, that route;</li>
 *   <li>a change the catalog makes to a stored value (settle, conform, unset; not a command):
 *       {@link Kind#CATALOG}, with the catalog command's route.</li>
 * </ul>
 *
 * @param detail the route (or the catalog command's route); {@code null} for a producer
 */
public record HistorySource(Kind kind, String detail) {

    /** The {@code source_route} of commands a direct producer wrote (schemas: CustomerCommand.source_route). */
    public static final String UPSTREAM_ROUTE = "upstream";

    public enum Kind { ROUTE, PRODUCER, CATALOG, MERGE }

    public HistorySource {
        if (kind == null) {
            throw new IllegalArgumentException("a source has a kind");
        }
    }

    /** The source of {@code command}'s changes. */
    public static HistorySource of(final CustomerCommand command) {
        return switch (command.getCommand()) {
            case MergeInto ignored -> new HistorySource(Kind.MERGE, command.getSourceRoute());
            case AbsorbProfile ignored -> new HistorySource(Kind.MERGE, command.getSourceRoute());
            case UndoMerge ignored -> new HistorySource(Kind.MERGE, command.getSourceRoute());
            case RestoreProfile ignored -> new HistorySource(Kind.MERGE, command.getSourceRoute());
            default -> UPSTREAM_ROUTE.equals(command.getSourceRoute()) ? new HistorySource(Kind.PRODUCER, null)
                    : new HistorySource(Kind.ROUTE, command.getSourceRoute());
        };
    }

    /** A change the catalog made to a stored value, on a catalog command from {@code route}. */
    public static HistorySource catalog(final String route) {
        return new HistorySource(Kind.CATALOG, route);
    }

    /** As the contract shows it: the route, {@code "producer"}, {@code "catalog"} or {@code "merge"}. */
    public String label() {
        return switch (kind) {
            case ROUTE -> detail;
            case PRODUCER -> "producer";
            case CATALOG -> "catalog";
            case MERGE -> "merge";
        };
    }
}
