package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's basic-auth entrance: 401 without the credentials, the Confluent API with them. */
class SecuredRegistryIT {

    @TempDir
    Path workDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswer401WithoutCredentialsAndServeTheApiWithThem() throws Exception {
        // Given a registry behind the basic-auth entrance
        try (EmbeddedRegistry registry = EmbeddedRegistry.startInMemory(workDir);
             BasicAuthProxy secured = registry.requiringBasicAuth("registry-user", "registry-secret")) {
            final String api = secured.baseUrl() + EmbeddedRegistry.CONFLUENT_API_PATH;
            final String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"P\\\",\\\"fields\\\":[]}\"}";

            // When a schema is registered without credentials, then 401 asking for basic credentials
            final HttpResponse<String> anonymous = http.send(register(api, schema).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Basic"));

            // And with a wrong password, 401 too
            assertThat(http.send(register(api, schema).header("Authorization", basic("registry-user:nope")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            // When with the credentials, then the registry registers it and answers its id
            final HttpResponse<String> authenticated = http.send(register(api, schema)
                    .header("Authorization", basic("registry-user:registry-secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(authenticated.statusCode()).isEqualTo(200);
            assertThat(authenticated.body()).contains("\"id\"");
        }
    }

    private static HttpRequest.Builder register(final String api, final String schema) {
        return HttpRequest.newBuilder(URI.create(api + "/subjects/probe-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(schema));
    }

    private static String basic(final String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
