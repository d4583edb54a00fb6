package org.opencdp.ingest.workspace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.RouteFixture;

/**
 * Contract section 10 over HTTP against the real broker: the operator's workspace routes, a workspace admin's
 * credential routes, scopes carried by what they issue, revocation, per-workspace rate limits, and hostile bodies
 * answered 4xx in the bearer family's format.
 */
@QuarkusTest
class WorkspaceRoutesIT extends RouteFixture {

    private static final String OPERATOR = "demo-operator";
    private static final String ONE_CUSTOMER = "{\"customers\":[{\"id\":1,\"plan\":\"pro\"}]}";

    private static RequestSpecification operator() {
        return given().header("Authorization", "Bearer " + OPERATOR).contentType(ContentType.JSON);
    }

    private static RequestSpecification withToken(final String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static String newId() {
        return "ws-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Given: a workspace created by the operator; its credentials as answered. */
    private static JsonPath createWorkspace(final String body) {
        return operator().body(body).post("/admin/workspaces").then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath createCredential(final String adminToken, final String kind, final String... scopes) {
        final String list = String.join(",", java.util.Arrays.stream(scopes).map(s -> "\"" + s + "\"").toList());
        return withToken(adminToken).body("{\"name\":\"etl\",\"kind\":\"" + kind + "\",\"scopes\":[" + list + "]}")
                .post("/credentials").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void shouldCreateAWorkspaceWhoseCredentialsWorkAtOnceAndAreShownOnlyInTheAnswer() {
        // Given a new id
        final String id = newId();
        // When the operator creates the workspace
        final JsonPath created = createWorkspace("{\"id\":\"" + id + "\",\"time_zone\":\"Europe/Berlin\"}");
        // Then it answers the id, a key and secret, a token (every scope) and an admin token
        assertThat(created.getString("id")).isEqualTo(id);
        assertThat(created.getString("token")).startsWith("cdp_");
        // And each works on this instance right away
        given().header("key", created.getString("key")).header("secret", created.getString("secret"))
                .contentType(ContentType.JSON).body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
        withToken(created.getString("token")).body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
        // And the listings show it and its credentials, never a secret
        operator().get("/admin/workspaces").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.time_zone", equalTo("Europe/Berlin"))
                .body("find { it.id == '" + id + "' }.secret", nullValue());
        final String listed = withToken(created.getString("admin_token")).get("/credentials").then().statusCode(200)
                .body("kind", hasItem("admin")).extract().asString();
        assertThat(listed).doesNotContain(created.getString("secret")).doesNotContain(created.getString("token"))
                .contains("last_used_at");
    }

    @Test
    void shouldRefuseTheOperatorRoutesWithoutTheOperatorToken() {
        given().get("/admin/workspaces").then().statusCode(401).body("message", equalTo("unauthorized"));
        withToken("demo-admin").body("{\"id\":\"" + newId() + "\"}").post("/admin/workspaces").then().statusCode(401)
                .body("message", equalTo("unauthorized"));
        withToken("demo-token").delete("/admin/workspaces/demo").then().statusCode(401);
    }

    @Test
    void shouldAnswer409ForAnExistingIdAnd400ForAnInvalidBody() {
        // The demo workspace, provisioned at start through the same topics
        operator().body("{\"id\":\"demo\"}").post("/admin/workspaces").then().statusCode(409)
                .body("message", containsString("demo"));
        for (final String body : List.of("{\"id\":\"Not_Valid\"}", "{\"id\":\"" + "a".repeat(65) + "\"}",
                "{\"id\":\"x\",\"admin\":true}", "{\"id\":", "[1]", "{\"id\":\"x\",\"time_zone\":\"Nowhere/Land\"}",
                "{\"id\":\"x\",\"rate_limit\":{\"per_second\":-1,\"burst\":5}}")) {
            operator().header("X-Request-Id", "bad-body").body(body).post("/admin/workspaces").then().statusCode(400)
                    .contentType(ContentType.JSON).body("message", not(equalTo(""))).body("request_id", equalTo("bad-body"));
        }
        operator().body("{\"id\":\"" + "x".repeat(20_000) + "\"}").post("/admin/workspaces").then().statusCode(413);
        operator().body("{}").patch("/admin/workspaces/" + newId()).then().statusCode(404);
        operator().body("{}").patch("/admin/workspaces/%00%0A").then().statusCode(404);
    }

    @Test
    void shouldIssueCredentialsThatCarryOnlyTheirScopes() {
        // Given a workspace, and a read-only token and a write-only key its admin created
        final JsonPath workspace = createWorkspace("{\"id\":\"" + newId() + "\"}");
        final String admin = workspace.getString("admin_token");
        final JsonPath reader = createCredential(admin, "token", "profiles:read");
        final JsonPath writer = createCredential(admin, "key", "customers:write");
        assertThat(reader.getList("scopes")).containsExactly("profiles:read");
        assertThat(writer.getString("key")).isEqualTo(writer.getString("id"));
        // When each writes a customer
        // Then the reader is refused as the route family refuses (403 forbidden), the writer is served
        withToken(reader.getString("token")).body(ONE_CUSTOMER).post("/customers").then().statusCode(403)
                .body("message", equalTo("forbidden"));
        given().header("key", writer.getString("key")).header("secret", writer.getString("secret"))
                .contentType(ContentType.JSON).body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
        given().header("api-key", writer.getString("key")).header("api-secret", writer.getString("secret"))
                .contentType(ContentType.JSON).body("{\"customers_ids\":[1]}").delete("/customers").then().statusCode(403);
        // And neither administers the workspace
        withToken(reader.getString("token")).get("/credentials").then().statusCode(403);
        // And an unknown scope, a control character and an unknown field are 400s
        withToken(admin).body("{\"name\":\"x\",\"kind\":\"token\",\"scopes\":[\"everything\"]}").post("/credentials")
                .then().statusCode(400).body("message", containsString("unknown scope"));
        withToken(admin).body("{\"name\":\"a\\u0000\",\"kind\":\"token\",\"scopes\":[\"profiles:read\"]}")
                .post("/credentials").then().statusCode(400);
        withToken(admin).body("{\"name\":\"x\",\"kind\":\"token\",\"scopes\":[\"profiles:read\"],\"token\":\"mine\"}")
                .post("/credentials").then().statusCode(400);
    }

    @Test
    void shouldRefuseARevokedCredentialAndHideOtherWorkspacesCredentials() {
        // Given a workspace with a writing key, and another workspace
        final JsonPath workspace = createWorkspace("{\"id\":\"" + newId() + "\"}");
        final JsonPath other = createWorkspace("{\"id\":\"" + newId() + "\"}");
        final JsonPath key = createCredential(workspace.getString("admin_token"), "key", "customers:write");
        final RequestSpecification write = given().header("key", key.getString("key"))
                .header("secret", key.getString("secret")).contentType(ContentType.JSON).body(ONE_CUSTOMER);
        write.post("/customers").then().statusCode(200);
        // When the other workspace's admin tries to revoke it, Then it is a 404, as an unknown id
        withToken(other.getString("admin_token")).delete("/credentials/" + key.getString("id")).then().statusCode(404);
        // When its own admin revokes it
        withToken(workspace.getString("admin_token")).delete("/credentials/" + key.getString("id")).then().statusCode(204);
        // Then it is refused from then on, and no longer listed
        given().header("key", key.getString("key")).header("secret", key.getString("secret"))
                .contentType(ContentType.JSON).body(ONE_CUSTOMER).post("/customers").then().statusCode(403);
        assertThat(withToken(workspace.getString("admin_token")).get("/credentials").then().statusCode(200)
                .extract().jsonPath().getList("id")).doesNotContain(key.getString("id"));
        withToken(workspace.getString("admin_token")).delete("/credentials/" + key.getString("id")).then().statusCode(404);
    }

    @Test
    void shouldLimitEachWorkspaceByItsOwnRateAndApplyAChangedOne() {
        // Given a workspace whose bucket holds 2 requests, refilled once in 100 s
        final String id = newId();
        final String token = createWorkspace("{\"id\":\"" + id + "\",\"rate_limit\":{\"per_second\":0.01,\"burst\":2}}")
                .getString("token");
        // When it sends 3 requests, Then the third is 429 with Retry-After
        withToken(token).body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
        withToken(token).body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
        withToken(token).body(ONE_CUSTOMER).post("/customers").then().statusCode(429).header("Retry-After", not(nullValue()));
        // While the demo workspace, on the deployment's default, is served
        withToken("demo-token").body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
        // When the operator raises its limit, Then it is served again
        operator().body("{\"rate_limit\":{\"per_second\":1000,\"burst\":2000}}").patch("/admin/workspaces/" + id)
                .then().statusCode(200).body("rate_limit.burst", equalTo(2000.0f));
        withToken(token).body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
    }

    @Test
    void shouldKeepAWorkspacesOwnHistoryBoundsAndResetThemToTheDeployments() {
        // Given a workspace created with a history retention of its own
        final String id = newId();
        createWorkspace("{\"id\":\"" + id + "\",\"history\":{\"retention_days\":30}}");
        // When the operator sets its entry limit too, Then both are shown; a bound out of range is a 400
        operator().body("{\"history\":{\"retention_days\":30,\"max_entries\":500}}").patch("/admin/workspaces/" + id)
                .then().statusCode(200).body("history.retention_days", equalTo(30)).body("history.max_entries", equalTo(500));
        operator().body("{\"history\":{\"max_entries\":100000000}}").patch("/admin/workspaces/" + id)
                .then().statusCode(400);
        // When it resets them, Then the workspace keeps the deployment's
        operator().body("{\"history\":null}").patch("/admin/workspaces/" + id).then().statusCode(200)
                .body("history", nullValue());
    }

    @Test
    void shouldStopEveryCredentialOfADeletedWorkspace() {
        // Given a workspace and its credentials
        final String id = newId();
        final JsonPath workspace = createWorkspace("{\"id\":\"" + id + "\"}");
        withToken(workspace.getString("token")).body(ONE_CUSTOMER).post("/customers").then().statusCode(200);
        // When the operator deletes it
        operator().delete("/admin/workspaces/" + id).then().statusCode(204);
        // Then none of its credentials authenticates, it is not listed, and its id is not given out again
        withToken(workspace.getString("token")).body(ONE_CUSTOMER).post("/customers").then().statusCode(403);
        withToken(workspace.getString("admin_token")).get("/credentials").then().statusCode(401);
        given().header("key", workspace.getString("key")).header("secret", workspace.getString("secret"))
                .contentType(ContentType.JSON).body(ONE_CUSTOMER).post("/customers").then().statusCode(403);
        assertThat(operator().get("/admin/workspaces").then().extract().jsonPath().getList("id")).doesNotContain(id);
        operator().body(Map.of("id", id)).post("/admin/workspaces").then().statusCode(409);
    }
}
