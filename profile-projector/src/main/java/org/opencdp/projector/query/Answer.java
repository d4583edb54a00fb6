package org.opencdp.projector.query;

import java.util.Optional;

import org.opencdp.avro.Profile;

/** The answer to a profile query, from this instance or from the one that owns the key. */
sealed interface Answer {

    /** This instance owns the key: the profile, or empty when the customer does not exist. */
    record Local(Optional<Profile> profile) implements Answer {
    }

    /** The owning instance's HTTP answer, passed on as it came; {@code servedBy} names that instance. */
    record Relayed(int status, String contentType, String body, String servedBy) implements Answer {
    }

    /** No instance could answer within the tries allowed. */
    record Unavailable(String reason) implements Answer {
    }
}
