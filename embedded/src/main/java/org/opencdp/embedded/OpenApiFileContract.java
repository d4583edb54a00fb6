package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/**
 * The test every service's {@code OpenApiFileIT} runs: {@code docs/openapi/<service>.yaml}, the committed OpenAPI
 * document, is what the build writes ({@code quarkus.smallrye-openapi.store-schema-directory=target/openapi},
 * file name the service's), compared as a tree. The IT implements this and names its service.
 */
public interface OpenApiFileContract {

    /** The service's module name, also its document's file name. */
    String service();

    @Test
    default void shouldCommitTheOpenApiDocumentTheBuildWrites() throws Exception {
        // Given the document the build wrote
        final Path generated = Path.of("target/openapi/" + service() + ".yaml");
        // When it is compared with the committed one
        // Then they are the same
        CommittedFiles.assertSameYaml(generated, CommittedFiles.root().resolve("docs/openapi/" + service() + ".yaml"),
                CommittedFiles.regenerateCommand(service(), "OpenApiFileIT"));
    }

    @Test
    default void shouldTypeEveryBodyAndAcceptTheCredentialsOnEveryRoute() throws Exception {
        // Given the document the build wrote
        final JsonNode document = new YAMLMapper().readTree(Path.of("target/openapi/" + service() + ".yaml").toFile());
        // When its security schemes and every operation are read
        final List<String> untyped = new ArrayList<>();
        final List<String> unsecured = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (final Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                final String name = operation.getKey().toUpperCase() + " " + path.getKey();
                for (final JsonNode content : operation.getValue().path("requestBody").path("content")) {
                    final JsonNode schema = content.path("schema");
                    if (!schema.has("$ref") && !"object".equals(schema.path("type").asText())) {
                        untyped.add(name + " request");
                    }
                }
                for (final Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                    for (final JsonNode content : response.getValue().path("content")) {
                        if (response.getKey().startsWith("2") && !content.has("schema")) {
                            untyped.add(name + " " + response.getKey());
                        }
                    }
                }
                if (!operation.getValue().path("security").toString().contains("\"bearer\"")
                        || !operation.getValue().path("security").toString().contains("\"secret\"")) {
                    unsecured.add(name);
                }
            }
        }
        // Then the credentials of contract section 2 are declared, every route accepts them,
        // and every request body and success response has a schema (no bare string request body)
        final JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("key").path("name").asText()).isEqualTo("key");
        assertThat(schemes.path("secret").path("name").asText()).isEqualTo("secret");
        assertThat(document.path("paths").size()).isPositive();
        assertThat(unsecured).as("routes without the credentials' security requirement").isEmpty();
        assertThat(untyped).as("bodies without a schema").isEmpty();
    }
}
