package org.opencdp.ingest.access;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.arc.Arc;

import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Scope;

/**
 * Admits a request to a route: authenticates its credentials and checks the route's scope. A refused
 * request ends here with the route family's answer ({@link AuthFailure}), before its body is parsed.
 */
@ApplicationScoped
public class Gate {

    private final AccessControl access;
    private final RequestCaller decided;

    /** A gate outside any request (tests): it authenticates at each call. */
    public Gate(final AccessControl access) {
        this(access, null);
    }

    @Inject
    public Gate(final AccessControl access, final RequestCaller decided) {
        this.access = access;
        this.decided = decided;
    }

    /** The admitted caller, whose workspace every command of the request belongs to. */
    public Caller admit(final HttpHeaders headers, final Scope scope, final AuthFailure onRefusal) {
        return admit(headers, Set.of(scope), onRefusal);
    }

    /** As {@link #admit(HttpHeaders, Scope, AuthFailure)}, for a route that needs every one of {@code scopes}. */
    public Caller admit(final HttpHeaders headers, final Set<Scope> scopes, final AuthFailure onRefusal) {
        return admit(headers::getHeaderString, scopes, onRefusal);
    }

    /** As {@link #admit(HttpHeaders, Set, AuthFailure)}, reading the credentials from the request itself. */
    public Caller admit(final ContainerRequestContext request, final Set<Scope> scopes, final AuthFailure onRefusal) {
        return admit(request::getHeaderString, scopes, onRefusal);
    }

    /**
     * Refuses {@code caller}, admitted already, unless it also holds every one of {@code scopes}: for a request
     * whose body asks for more than its route (Attentive subscriptions), without authenticating it again.
     */
    public void require(final Caller caller, final Set<Scope> scopes, final AuthFailure onRefusal) {
        decided(Admission.decide(Optional.of(caller), scopes), onRefusal);
    }

    /** A workspace admin credential, else the route family's 401 (no valid credentials) or 403 (not an admin). */
    public Caller admitAdmin(final HttpHeaders headers, final AuthFailure onRefusal) {
        final Caller caller = admit(headers, Set.of(), onRefusal);
        if (!caller.admin()) {
            throw new WebApplicationException(onRefusal.refuse(new Admission.Forbidden()));
        }
        return caller;
    }

    private Caller admit(final Function<String, String> header, final Set<Scope> scopes, final AuthFailure onRefusal) {
        return decided(Admission.decide(authenticate(PresentedCredentials.fromHeaders(header)), scopes), onRefusal);
    }

    /** What the credentials authenticate: decided once per request (the rate-limit filter decides first). */
    private Optional<Caller> authenticate(final PresentedCredentials presented) {
        if (decided == null || Arc.container() == null || !Arc.container().requestContext().isActive()) {
            return access.authenticate(presented);
        }
        return decided.decidedFor(presented).orElseGet(() -> {
            final Optional<Caller> caller = access.authenticate(presented);
            decided.decided(presented, caller);
            return caller;
        });
    }

    private static Caller decided(final Admission admission, final AuthFailure onRefusal) {
        if (admission instanceof Admission.Admitted admitted) {
            return admitted.caller();
        }
        throw new WebApplicationException(onRefusal.refuse(admission));
    }
}
