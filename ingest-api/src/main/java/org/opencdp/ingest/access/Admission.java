package org.opencdp.ingest.access;

import java.util.Optional;
import java.util.Set;

import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;

/** Whether an authenticated (or not) caller may use a route that needs one scope, or several. */
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
        return decide(caller, Set.of(scope));
    }

    /** A route that does several things (a survey upserts and emits an event) needs every one's scope. */
    static Admission decide(final Optional<Caller> caller, final Set<Scope> scopes) {
        if (caller.isEmpty()) {
            return new Unauthenticated();
        }
        return scopes.stream().allMatch(caller.get()::may) ? new Admitted(caller.get()) : new Forbidden();
    }
}
