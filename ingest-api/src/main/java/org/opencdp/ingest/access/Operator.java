package org.opencdp.ingest.access;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.SecretHash;

/**
 * The deployment's operator (contract section 10): {@code Authorization: Bearer <cdp.operator.token>} on the
 * {@code /admin/workspaces} routes. Kept as a hash, compared in constant time; none configured admits nobody.
 */
@ApplicationScoped
public class Operator {

    /** The path every operator route is under. */
    public static final String ROUTES = "/admin/";

    private final Optional<SecretHash> token;

    @Inject
    public Operator(@ConfigProperty(name = "cdp.operator.token") final Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(SecretHash::of);
    }

    /** Whether {@code presented} is the operator's token. */
    public boolean is(final PresentedCredentials presented) {
        return token.isPresent() && presented.bearer().filter(token.get()::matches).isPresent();
    }

    /** Admits the operator, else the bearer family's 401 ({@code {"message":"unauthorized"}}). */
    public void admit(final HttpHeaders headers) {
        if (!is(PresentedCredentials.fromHeaders(headers::getHeaderString))) {
            throw new WebApplicationException(AuthFailure.BEARER.refuse(new Admission.Unauthenticated()));
        }
    }
}
