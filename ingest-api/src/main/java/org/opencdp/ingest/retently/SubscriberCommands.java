package org.opencdp.ingest.retently;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opencdp.avro.CustomerCommand;
import org.opencdp.ingest.command.CommandOrigin;

/**
 * The commands of Retently's {@code POST /api/v2/customers} and {@code POST /api/v2/survey}: one upsert per
 * subscriber, keyed by its email; a survey also emits {@value #SURVEY_EVENT} for each subscriber, right after
 * its upsert (same key, so same partition and order), so workflows can start on it.
 */
public final class SubscriberCommands {

    public static final String SURVEY_EVENT = "survey.requested";

    private SubscriberCommands() {
    }

    /** One upsert per subscriber, each followed by its survey event when {@code survey}; indexes in that order. */
    public static List<CustomerCommand> commands(final CommandOrigin origin, final List<SubscriberUpsert> subscribers,
                                                 final boolean survey) {
        final List<CustomerCommand> commands = new ArrayList<>(subscribers.size() * (survey ? 2 : 1));
        for (final SubscriberUpsert subscriber : subscribers) {
            commands.add(origin.upsertAttributes(commands.size(), subscriber.customerId(), subscriber.attributes(),
                    subscriber.declaredTypes()));
            if (survey) {
                commands.add(origin.trackEvent(commands.size(), subscriber.customerId(), SURVEY_EVENT,
                        Map.of(SubscriberBatchReader.EMAIL, subscriber.email())));
            }
        }
        return commands;
    }
}
