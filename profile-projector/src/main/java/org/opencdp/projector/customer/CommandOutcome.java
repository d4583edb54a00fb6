package org.opencdp.projector.customer;

import java.util.List;

import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;

/** What folding one command into a customer's profile did. */
public sealed interface CommandOutcome {

    /** The profile after the command; values that could not be coerced are listed, not stored. */
    record ProfileUpserted(Profile profile, List<AttributeRejection> rejections) implements CommandOutcome {
        public ProfileUpserted {
            rejections = List.copyOf(rejections);
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
}
