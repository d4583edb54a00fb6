package org.opencdp.projector;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.awaitility.Awaitility;

/** Queries the projector under test the way a client does: retrying only while it answers 503 (starting). */
public final class ProjectorHttp {

    public static final String[] DEMO = {"Authorization", "Bearer demo-token"};

    private ProjectorHttp() {
    }

    /** GET {@code path} with alternating header names and values; waits (bounded) for an answer that is not a 503. */
    public static Response get(final String path, final String... headers) {
        final Response[] last = new Response[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = request(headers).get(path);
            return last[0].statusCode() != 503;
        });
        return last[0];
    }

    public static RequestSpecification request(final String... headers) {
        RequestSpecification request = given();
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    /** Waits until Kafka Streams runs, so that a test measures the query, not the start. */
    public static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }
}
