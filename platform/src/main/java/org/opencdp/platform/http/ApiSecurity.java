package org.opencdp.platform.http;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Scope;

/**
 * The credentials of contract section 2 as OpenAPI security schemes, declared once for every service's
 * document: the header pair {@code key} + {@code secret} (both together) or {@code Authorization: Bearer}.
 * Every operation accepts either, unless it declares its own requirement; Swagger UI's "Authorize" then sends
 * them. Scopes are not OpenAPI scopes here (those belong to OAuth2): the bearer scheme's description lists them.
 */
public final class ApiSecurity {

    public static final String KEY = "key";
    public static final String SECRET = "secret";
    public static final String BEARER = "bearer";

    /** Adds the three schemes to {@code document}'s components. */
    public static OpenAPI declare(final OpenAPI document) {
        final Components components = document.getComponents() == null ? OASFactory.createComponents() : document.getComponents();
        components.addSecurityScheme(KEY, header(PresentedCredentials.KEY,
                "The workspace key (also accepted as header api-key); send it with the secret"));
        components.addSecurityScheme(SECRET, header(PresentedCredentials.SECRET,
                "The workspace secret (also accepted as header api-secret); send it with the key. Grants every scope"));
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("Authorization: Bearer <token>, a token with scopes: "
                        + Arrays.stream(Scope.values()).map(Scope::label).collect(Collectors.joining(", "))
                        + "; an admin token also administers the workspace"));
        return document.components(components);
    }

    /** {@code operation}, accepting key + secret or a bearer token unless it names its own requirement. */
    public static Operation require(final Operation operation) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(KEY).addScheme(SECRET));
            operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER));
        }
        return operation;
    }

    private static SecurityScheme header(final String name, final String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name(name).description(description);
    }

    private ApiSecurity() {
    }
}
