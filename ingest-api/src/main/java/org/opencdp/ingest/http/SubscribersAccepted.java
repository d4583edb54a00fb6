package org.opencdp.ingest.http;

/** The Retently routes' 200 answer, {@code {"message":"Accepted 2 subscribers"}} (their seed is silent). */
public record SubscribersAccepted(String message) {

    public static SubscribersAccepted of(final int count) {
        return new SubscribersAccepted("Accepted " + count + (count == 1 ? " subscriber" : " subscribers"));
    }
}
