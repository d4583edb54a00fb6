package org.opencdp.projector.query;

import org.apache.kafka.streams.state.HostInfo;
import org.opencdp.avro.Profile;

/** Where a customer's profile is, as this instance sees it right now. */
sealed interface Lookup {

    record Found(Profile profile) implements Lookup {
    }

    /** This instance owns the key and holds no profile for it. */
    record Absent() implements Lookup {
    }

    /** Another instance owns the key's partition. */
    record OwnedBy(HostInfo host) implements Lookup {
    }

    /** Nobody can answer yet (starting, rebalancing, restoring); worth asking again shortly. */
    record Unavailable(String reason) implements Lookup {
    }
}
