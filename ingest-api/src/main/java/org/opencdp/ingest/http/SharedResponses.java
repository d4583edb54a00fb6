package org.opencdp.ingest.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.opencdp.platform.http.ApiSecurity;
import org.opencdp.platform.http.CommonResponses;

/**
 * The responses many routes document alike, written once: a route names its set in the operation extension
 * {@value #EXTENSION} (for example {@code @Extension(name = SharedResponses.EXTENSION, value = "retainly-write")})
 * and this filter, registered as {@code mp.openapi.filter}, adds the set's responses the route does not
 * document itself (responses by code, as the routes list them), then removes the extension, so the published
 * document is as if each route listed them. It also declares the credentials ({@link ApiSecurity}) and has every
 * operation accept them.
 */
public final class SharedResponses implements OASFilter {

    /** The operation extension naming a set of shared responses; never in the published document. */
    public static final String EXTENSION = "x-cdp-shared-responses";

    private static final String KAFKA = "Kafka did not acknowledge in time; see Retry-After";
    private static final String UNAUTHORIZED = "{\"message\":\"unauthorized\"}";

    /** The sets, by name: response code to description, in the order they are documented. */
    static final Map<String, Map<String, String>> SETS = Map.of(
            "retainly-write", ordered("400", "Malformed JSON ({\"detail\":[…]})",
                    "403", "{\"message\":\"forbidden\"}", "422", "{\"detail\":[…]}, every violation; nothing applied",
                    "503", KAFKA),
            "retently-write", ordered("400", "Malformed JSON ({\"errors\":{\"body\":[…]}})", "401", UNAUTHORIZED,
                    "422", "{\"errors\":{\"subscribers[0].email\":[\"is required\"]}}; nothing applied", "503", KAFKA),
            "catalog-write", ordered("401", UNAUTHORIZED, "403", "{\"message\":\"forbidden\"}: no catalog:write",
                    "503", KAFKA),
            "attentive-write", ordered("401", "No valid token",
                    "503", "Kafka or the catalog did not answer in time; see Retry-After"),
            "projector-read", ordered("503", "The projector did not answer in time; see Retry-After"),
            "trigger-read", ordered("503", "The workflow trigger did not answer in time; see Retry-After"));

    @Override
    public Operation filterOperation(final Operation operation) {
        ApiSecurity.require(operation);
        if (operation.getExtensions() == null || !operation.getExtensions().containsKey(EXTENSION)) {
            return operation;
        }
        final String name = String.valueOf(operation.getExtensions().get(EXTENSION));
        final Map<String, String> set = SETS.get(name);
        if (set == null) {
            throw new IllegalStateException("No set of shared responses named '" + name + "'");
        }
        operation.removeExtension(EXTENSION);
        return CommonResponses.withResponses(operation, set);
    }

    @Override
    public void filterOpenAPI(final OpenAPI document) {
        ApiSecurity.declare(document);
    }

    /** SmallRye copies an operation's extensions onto its responses and request body: none of them publishes it. */
    @Override
    public APIResponse filterAPIResponse(final APIResponse response) {
        response.removeExtension(EXTENSION);
        return response;
    }

    @Override
    public RequestBody filterRequestBody(final RequestBody body) {
        body.removeExtension(EXTENSION);
        return body;
    }

    private static Map<String, String> ordered(final String... codesAndDescriptions) {
        final Map<String, String> set = new LinkedHashMap<>();
        for (int i = 0; i < codesAndDescriptions.length; i += 2) {
            set.put(codesAndDescriptions[i], codesAndDescriptions[i + 1]);
        }
        return Collections.unmodifiableMap(set);
    }
}
