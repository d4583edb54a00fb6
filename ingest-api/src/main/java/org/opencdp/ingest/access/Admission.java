package org.opencdp.ingest.access;

import java.util.Optional;

import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;

/** Whether an authenticated (or not) caller may use a route that needs {@code scope}. */
public sealed interface Admission {

    record Admitted(Caller caller) implements Admission {
    }

    /** No credentials, or credentials that identify no workspace. */
    record Unauthenticated() implements Admission {
    }

    /** A known caller without the route's scope. */
    record Forbidden() implements Admission {
    }

    static Admission decide(final Optional<Caller> caller, final Scope scope) {
        if (caller.isEmpty()) {
            return new Unauthenticated();
        }
        return caller.get().may(scope) ? new Admitted(caller.get()) : new Forbidden();
    }
}
