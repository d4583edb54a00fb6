package org.opencdp.projector.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;
import org.opencdp.projector.ProjectorInfrastructure;

/** The published OpenAPI document: every route lists the responses all routes share, unless it documents its own. */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class OpenApiDocumentIT {

    private static JsonPath document() {
        return given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Map<String, String>> responses(final JsonPath document, final String path,
                                                              final String method) {
        return document.getMap("paths.'" + path + "'." + method + ".responses");
    }

    @Test
    void shouldDocumentTheSharedResponsesOnEveryQueryRoute() {
        // Given the published document
        final JsonPath document = document();
        // When each query route's responses are read
        // Then each lists 401, 403 and 503 next to its own
        for (final String path : new String[] {"/properties", "/customers", "/customers/{customer_id}"}) {
            assertThat(responses(document, path, "get")).as(path).containsKeys("200", "401", "403", "503");
            assertThat(responses(document, path, "get").get("401")).containsEntry("description", "No valid credentials");
        }
        assertThat(responses(document, "/properties", "get").get("403"))
                .containsEntry("description", "The credentials lack profiles:read");
    }

    @Test
    void shouldKeepTheResponsesARouteDocumentsItself() {
        // Given the published document
        final JsonPath document = document();
        // When the undo route's and the profile route's responses are read
        final Map<String, Map<String, String>> undo = responses(document, "/customers/{customer_id}/merges/{merge_id}/undo", "post");
        // Then their own descriptions stand, and the shared 401 is added
        assertThat(undo.get("403")).containsEntry("description", "Not a workspace admin credential");
        assertThat(undo.get("503")).containsEntry("description", "The projector or Kafka is not available; retry after Retry-After seconds");
        assertThat(undo.get("401")).containsEntry("description", "No valid credentials");
        assertThat(responses(document, "/customers/{customer_id}", "get").get("503").get("description"))
                .startsWith("The projector is starting or rebalancing, or has not folded the token's write");
    }
}
