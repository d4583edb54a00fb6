package org.opencdp.ingest.access;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;

/**
 * What a request's credentials authenticated, decided once: the rate-limit filter authenticates before the route
 * runs, and the route's {@link Gate} takes its answer instead of hashing the secret again.
 */
@RequestScoped
public class RequestCaller {

    private PresentedCredentials presented;
    private Optional<Caller> caller;

    /** Records what {@code presented} authenticated in this request. */
    public void decided(final PresentedCredentials presented, final Optional<Caller> caller) {
        this.presented = presented;
        this.caller = caller;
    }

    /** What {@code presented} authenticated earlier in this request; empty when it was not decided yet. */
    Optional<Optional<Caller>> decidedFor(final PresentedCredentials presented) {
        return presented.equals(this.presented) ? Optional.of(caller) : Optional.empty();
    }
}
