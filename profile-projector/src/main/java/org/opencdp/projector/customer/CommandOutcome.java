package org.opencdp.projector.customer;

import java.util.List;

import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.schemas.values.AttributeType;

/** What folding one command into a customer's profile did. */
public sealed interface CommandOutcome {

    /**
     * The profile after the command. {@code rejections} are the values of this command that were not stored
     * (also appended to the profile). {@code provisional} are values written to properties the catalog has
     * not decided yet: stored under the type this write proposes and settled once the decision arrives.
     * {@code clearedProvisional} are undecided properties this command cleared.
     */
    record ProfileUpserted(Profile profile, List<AttributeRejection> rejections, List<Provisional> provisional,
                           List<String> clearedProvisional) implements CommandOutcome {
        public ProfileUpserted {
            rejections = List.copyOf(rejections);
            provisional = List.copyOf(provisional);
            clearedProvisional = List.copyOf(clearedProvisional);
        }
    }

    /** The customer is erased; a later command starts a fresh profile. */
    record ProfileDeleted() implements CommandOutcome {
    }

    /** An event with the profile as it stands; the profile itself is unchanged. */
    record EventEnriched(EnrichedEvent event) implements CommandOutcome {
    }

    /** The command is invalid: nothing of it applies. */
    record CommandRejected(String reason) implements CommandOutcome {
    }

    /** A valid command with nothing to act on (deleting a customer or array items of a customer that does not exist). */
    record NothingToChange(String reason) implements CommandOutcome {
    }

    /** A value of a property the catalog has not decided: {@code raw} as sent, {@code proposedType} what this write infers. */
    record Provisional(String property, AttributeType proposedType, Object raw) {
    }
}
