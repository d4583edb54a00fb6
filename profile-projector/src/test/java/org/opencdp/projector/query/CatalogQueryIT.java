package org.opencdp.projector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.ProjectorHttp.DEMO;
import static org.opencdp.projector.ProjectorHttp.get;
import static org.opencdp.projector.ProjectorHttp.request;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.projector.CommandProducer;
import org.opencdp.projector.ProjectorInfrastructure;
import org.opencdp.projector.WithCommandProducer;

/** {@code GET /properties}: the workspace's catalog as the first writes created it. */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class CatalogQueryIT extends WithCommandProducer {

    private static final Instant T1 = Instant.parse("2024-07-01T09:00:00Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** The property named {@code name} as GET /properties lists it for the caller, waiting (bounded) for it to appear. */
    private static Map<String, Object> awaitProperty(final String name) {
        final Map<String, Object>[] found = new Map[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            final JsonPath catalog = get("/properties", DEMO).then().statusCode(200).extract().jsonPath();
            found[0] = catalog.getMap("properties.find { it.name == '" + name + "' }");
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void shouldListAPropertyOnceAWriteCreatedIt() {
        // Given
        final String plan = "plan_" + RUN;
        final String vip = "vip_" + RUN;
        // When
        producer.send(upsert("cat-" + RUN + "-1", "r1", T1, fields(plan, "pro", vip, true)));
        // Then
        final Map<String, Object> planProperty = awaitProperty(plan);
        assertThat(planProperty).containsEntry("type", "string")
                .containsEntry("created_by_route", "POST /customers")
                .containsKeys("created_at", "updated_at")
                .doesNotContainKey("enum_values");
        assertThat(awaitProperty(vip)).containsEntry("type", "boolean");
    }

    @Test
    void shouldListTheCatalogSortedByName() {
        // Given
        producer.send(upsert("cat-" + RUN + "-2", "r1", T1, fields("zz_" + RUN, "z", "aa_" + RUN, "a")));
        awaitProperty("zz_" + RUN);
        awaitProperty("aa_" + RUN);
        // When
        final List<String> names = get("/properties", DEMO).then().statusCode(200).extract().jsonPath().getList("properties.name");
        // Then
        assertThat(names).isSorted().contains("aa_" + RUN, "zz_" + RUN);
    }

    @Test
    void shouldNotShowAnotherWorkspacesProperties() {
        // Given
        final String secret = "secret_" + RUN;
        producer.send(upsert("cat-" + RUN + "-3", "r1", T1, fields(secret, "x")));
        awaitProperty(secret);
        // When
        final List<String> names = get("/properties", "Authorization", "Bearer " + TestAccess.OTHER_TOKEN)
                .then().statusCode(200).extract().jsonPath().getList("properties.name");
        // Then
        assertThat(names).doesNotContain(secret);
    }

    @Test
    void shouldAnswer401WithoutValidCredentialsAnd403WithoutTheScope() {
        request().get("/properties").then().statusCode(401).body("message", equalTo("unauthorized"));
        request("key", "demo-key", "secret", "wrong").get("/properties").then().statusCode(401);
        request("Authorization", "Bearer " + TestAccess.WRITE_ONLY_TOKEN).get("/properties").then()
                .statusCode(403).body("message", equalTo("forbidden"));
        get("/properties", "key", "demo-key", "secret", "demo-secret").then().statusCode(200)
                .header("X-Request-Id", not(equalTo(null)));
    }
}
