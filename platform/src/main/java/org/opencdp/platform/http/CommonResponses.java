package org.opencdp.platform.http;

import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The responses every route of a service answers alike (no credentials, the wrong scope, not ready), documented
 * once: a service's subclass, registered as {@code mp.openapi.filter}, adds each of them to every operation
 * that does not document that code itself, so the published document is as if each route listed them. It also
 * declares the credentials ({@link ApiSecurity}) and has every operation accept them.
 */
public abstract class CommonResponses implements OASFilter {

    private final Map<String, String> common;

    /** {@code common}: response code to description. */
    protected CommonResponses(final Map<String, String> common) {
        this.common = Map.copyOf(common);
    }

    @Override
    public Operation filterOperation(final Operation operation) {
        return withResponses(ApiSecurity.require(operation), common);
    }

    @Override
    public void filterOpenAPI(final OpenAPI document) {
        ApiSecurity.declare(document);
    }

    /**
     * {@code operation} with each of {@code responses} (code to description) it does not document itself added,
     * its responses in the order of their codes.
     */
    public static Operation withResponses(final Operation operation, final Map<String, String> responses) {
        final Map<String, APIResponse> byCode = new TreeMap<>();
        responses.forEach((code, description) -> byCode.put(code, OASFactory.createAPIResponse().description(description)));
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            byCode.putAll(operation.getResponses().getAPIResponses());
        }
        final APIResponses result = OASFactory.createAPIResponses();
        byCode.forEach(result::addAPIResponse);
        return operation.responses(result);
    }
}
