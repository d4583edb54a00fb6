package org.opencdp.trigger.http;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.http.RequestIdFilter;

/** Authenticates the caller of a request and checks its scope. */
@ApplicationScoped
public class Callers {

    /** The headers that carry credentials, forwarded as they are when another instance must answer. */
    private static final List<String> CREDENTIAL_HEADERS =
            Stream.concat(PresentedCredentials.HEADERS.stream(), Stream.of(RequestIdFilter.HEADER)).toList();

    @Inject
    AccessControl access;

    /** The caller, when it may do any of {@code scopes}; 401 without valid credentials, 403 without a scope. */
    public Caller require(final HttpHeaders headers, final Scope... scopes) {
        final Caller caller = access.authenticate(PresentedCredentials.fromHeaders(headers::getHeaderString))
                .orElseThrow(ApiProblem::unauthorized);
        if (Arrays.stream(scopes).noneMatch(caller::may)) {
            throw ApiProblem.forbidden();
        }
        return caller;
    }

    /** The credential (and request id) headers of this request, to present them to another instance. */
    public static Map<String, String> credentialHeaders(final HttpHeaders headers) {
        final Map<String, String> found = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (final String name : CREDENTIAL_HEADERS) {
            final String value = headers.getHeaderString(name);
            if (value != null) {
                found.put(name, value);
            }
        }
        return found;
    }
}
