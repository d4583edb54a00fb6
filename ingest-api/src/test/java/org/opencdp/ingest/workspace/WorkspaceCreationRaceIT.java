package org.opencdp.ingest.workspace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.RouteFixture;

/**
 * Contract section 10, "an existing id is a 409", when the requests race: several operators' requests create the
 * same id at once (each passes the check before any write is visible); exactly one answers 201 and its credentials
 * work, every other answers 409, none a 5xx.
 */
@QuarkusTest
class WorkspaceCreationRaceIT extends RouteFixture {

    private static final int RACERS = 6;
    private static final int IDS = 5;

    private static Response create(final String id) {
        return given().header("Authorization", "Bearer demo-operator").contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\"}").post("/admin/workspaces");
    }

    @Test
    void shouldAnswerOne201AndOnly409sWhenTheSameIdIsCreatedAtOnce() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            for (int round = 0; round < IDS; round++) {
                // Given an id no workspace has, and requests that start together
                final String id = "race-" + UUID.randomUUID().toString().substring(0, 8);
                final CountDownLatch start = new CountDownLatch(1);
                final List<Future<Response>> answers = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return create(id);
                    }));
                }

                // When they all create it
                start.countDown();
                final List<Response> responses = new ArrayList<>();
                for (final Future<Response> answer : answers) {
                    responses.add(answer.get());
                }

                // Then one is created, the others refused as existing
                assertThat(responses).extracting(Response::statusCode).as("id %s", id)
                        .containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
                final Response created = responses.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow();
                // And its credentials are the workspace's: its admin token lists them, the losers' were revoked
                final String listed = given().header("Authorization", "Bearer " + created.jsonPath().getString("admin_token"))
                        .get("/credentials").then().statusCode(200).extract().asString();
                assertThat(listed).contains("\"admin\"");
                given().header("Authorization", "Bearer " + created.jsonPath().getString("token"))
                        .contentType(ContentType.JSON).body("{\"customers\":[{\"id\":1}]}")
                        .post("/customers").then().statusCode(200);
                // And the operator's listing holds it once
                final List<String> ids = given().header("Authorization", "Bearer demo-operator")
                        .get("/admin/workspaces").then().statusCode(200).extract().jsonPath().getList("id");
                assertThat(ids).filteredOn(id::equals).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
