package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.devstack.RouteTable.Needs;
import org.opencdp.devstack.RouteTable.Route;

/**
 * Contract section 10's "every route of every service checks its scope", walked over HTTP on the whole stack from
 * the one table that lists them ({@code docs/scopes.md}): for each route, a credential lacking what it needs is
 * refused (403 in its family's format; 422 on {@code POST /events}) and one holding only that is let through to
 * the route (anything but 401/403, and never a 5xx), with tokens a workspace admin created by
 * {@code POST /credentials}. The table must list exactly the routes the OpenAPI documents declare.
 */
@Tag(RunningStack.SHARED_TAG)
class ScopeWalkIT {

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    private static final String OPERATOR = "demo-operator";
    /** Values for the path's parameters: ids that exist nowhere, so no route changes anything by being walked. */
    private static final Map<String, String> PARAMETERS = Map.of("{customer_id}", "walk-customer",
            "{merge_id}", "walk-merge", "{id}", "walk-id", "{run_id}", "walk-run", "{name}", "walk_tier");
    /** Query strings the routes need to get past their own 400 (not needed for the scope check itself). */
    private static final Map<String, String> QUERIES = Map.of("GET /customers", "?email=walk%40example.com",
            "GET /v1/attributes/custom", "?email=walk%40example.com");

    private static String workspace;
    private static JsonNode created;
    /** Tokens by the scopes they hold, created once each. */
    private static final Map<Set<String>, String> TOKENS = new HashMap<>();

    @BeforeAll
    static void createWorkspace() throws Exception {
        workspace = "walk-" + UUID.randomUUID().toString().substring(0, 8);
        created = StackClient.answered(client().send("POST", client().ingest("/admin/workspaces"), StackClient.bearer(OPERATOR),
                "{\"id\":\"" + workspace + "\"}"), 201);
    }

    private static StackClient client() {
        return STACK.client();
    }

    /** Contract section 10's scopes (a credential created with one outside them is a 400, tested elsewhere). */
    private static Set<String> allScopes() {
        return new TreeSet<>(List.of("customers:write", "customers:delete", "attributes:write", "subscriptions:write",
                "events:write", "profiles:read", "catalog:write", "workflows:write", "segments:write"));
    }

    /** A token of the walked workspace holding exactly {@code scopes}, created by its admin on first use. */
    private static String tokenHolding(final Set<String> scopes) throws Exception {
        final Set<String> key = new TreeSet<>(scopes);
        final String known = TOKENS.get(key);
        if (known != null) {
            return known;
        }
        final String token = createCredential("token", key).get("token").asText();
        // Every instance of every service learns it from the credentials topic (ingest-api answered once it did)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(client().send("GET", client().projector("/properties"), StackClient.bearer(token), null).statusCode())
                    .isNotEqualTo(401);
            assertThat(client().send("GET", client().trigger("/workflows"), StackClient.bearer(token), null).statusCode())
                    .isNotEqualTo(401);
        });
        TOKENS.put(key, token);
        return token;
    }

    private static Set<String> without(final Set<String> scopes) {
        final Set<String> rest = allScopes();
        rest.removeAll(scopes);
        return rest;
    }

    private static String url(final Route route) {
        String path = route.path();
        for (final Map.Entry<String, String> parameter : PARAMETERS.entrySet()) {
            path = path.replace(parameter.getKey(), parameter.getValue());
        }
        path += QUERIES.getOrDefault(route.method() + " " + route.path(), "");
        return switch (route.service()) {
            case "ingest-api" -> client().ingest(path);
            case "profile-projector" -> client().projector(path);
            default -> client().trigger(path);
        };
    }

    private static HttpResponse<String> call(final Route route, final Map<String, String> credentials)
            throws Exception {
        final String body = route.method().equals("GET") ? null : "{}";
        return client().send(route.method(), url(route), credentials, body);
    }

    /** Who is refused by {@code needs}: one credential per way of lacking it. */
    private static Map<String, Map<String, String>> lacking(final Needs needs) throws Exception {
        final Map<String, Map<String, String>> refused = new LinkedHashMap<>();
        switch (needs) {
            case Needs.Operator operator -> {
                refused.put("the workspace's admin token", StackClient.bearer(created.get("admin_token").asText()));
                refused.put("the workspace's token (every scope)", StackClient.bearer(created.get("token").asText()));
            }
            case Needs.Admin admin ->
                    refused.put("a token with every scope but no admin", StackClient.bearer(created.get("token").asText()));
            case Needs.AnyOf any -> refused.put("a token with every scope but " + any.scopes(),
                    StackClient.bearer(tokenHolding(without(any.scopes()))));
            case Needs.AllOf all -> {
                for (final String scope : all.scopes()) {
                    refused.put("a token with every scope but " + scope, StackClient.bearer(tokenHolding(without(Set.of(scope)))));
                }
            }
        }
        return refused;
    }

    /** Who is let through by {@code needs}: one credential per way of holding just enough. */
    private static Map<String, Map<String, String>> holding(final Needs needs) throws Exception {
        final Map<String, Map<String, String>> admitted = new LinkedHashMap<>();
        switch (needs) {
            case Needs.Operator operator -> admitted.put("the operator token", StackClient.bearer(OPERATOR));
            case Needs.Admin admin -> admitted.put("the admin token", StackClient.bearer(created.get("admin_token").asText()));
            case Needs.AnyOf any -> {
                for (final String scope : any.scopes()) {
                    admitted.put("a token with only " + scope, StackClient.bearer(tokenHolding(Set.of(scope))));
                }
            }
            case Needs.AllOf all -> admitted.put("a token with only " + all.scopes(), StackClient.bearer(tokenHolding(all.scopes())));
        }
        return admitted;
    }

    @Test
    void shouldListEveryRouteOfEveryServiceExactlyOnce() throws Exception {
        // Given the routes the services declare, and the scope table
        final Set<Route> declared = RouteTable.declared();
        final List<Route> listed = RouteTable.scopes().stream().map(Map.Entry::getKey).toList();
        // Then each declared route is listed once, and nothing else is
        assertThat(new LinkedHashSet<>(listed)).as("routes listed twice in docs/scopes.md").hasSameSizeAs(listed);
        assertThat(new TreeSet<>(listed)).as("docs/scopes.md against docs/openapi/*.yaml")
                .containsExactlyElementsOf(declared);
        System.out.printf("scope walk: %d routes (%s)%n", listed.size(), RouteTable.SERVICES.stream()
                .map(s -> s + " " + listed.stream().filter(r -> r.service().equals(s)).count())
                .collect(Collectors.joining(", ")));
    }

    @Test
    void shouldRefuseEveryRouteToACredentialLackingWhatItNeedsAndAdmitOneHoldingIt() throws Exception {
        final SoftAssertions softly = new SoftAssertions();
        final List<String> walked = new ArrayList<>();
        for (final Map.Entry<Route, Needs> row : RouteTable.scopes()) {
            final Route route = row.getKey();
            // Given a credential lacking what the route needs
            for (final Map.Entry<String, Map<String, String>> credential : lacking(row.getValue()).entrySet()) {
                // When it calls the route, Then it is refused in the route family's format
                final HttpResponse<String> answer = call(route, credential.getValue());
                final String as = route + " with " + credential.getKey() + ": " + answer.body();
                if (route.service().equals("ingest-api") && route.path().equals("/events")) {
                    softly.assertThat(answer.statusCode()).as(as).isEqualTo(422);
                    softly.assertThat(answer.body()).as(as).contains("\"auth\"");
                } else if (row.getValue() instanceof Needs.Operator) {
                    softly.assertThat(answer.statusCode()).as(as).isIn(401, 403);
                } else {
                    softly.assertThat(answer.statusCode()).as(as).isEqualTo(403);
                    softly.assertThat(answer.body()).as(as).contains("forbidden");
                }
            }
            // Given a credential holding just what it needs, When it calls the route, Then the route runs
            for (final Map.Entry<String, Map<String, String>> credential : holding(row.getValue()).entrySet()) {
                final HttpResponse<String> answer = call(route, credential.getValue());
                final String as = route + " with " + credential.getKey() + ": " + answer.body();
                softly.assertThat(answer.statusCode()).as(as).isNotIn(401, 403).isLessThan(500);
            }
            walked.add(route.toString());
        }
        softly.assertAll();
        System.out.printf("scope walk: %d routes walked with %d tokens lacking or holding their scopes%n",
                walked.size(), TOKENS.size() + 3);
        assertThat(walked).hasSameSizeAs(RouteTable.declared());
    }

    @Test
    void shouldRefuseAKeySecretPairLackingTheScopeOfARetainlyWrite() throws Exception {
        // Given a key/secret pair created with every scope but customers:write, and one with only that
        final Map<String, String> lacking = keyPair(without(Set.of("customers:write")));
        final Map<String, String> holding = keyPair(Set.of("customers:write"));
        final String customers = "{\"customers\":[{\"id\":\"walk-key\",\"plan\":\"pro\"}]}";
        // When each posts a customer, Then the first is refused as the Retainly seed refuses (403), the second served
        assertThat(client().send("POST", client().ingest("/customers"), lacking, customers).statusCode()).isEqualTo(403);
        assertThat(client().send("POST", client().ingest("/arrays"), lacking, "{}").statusCode()).isEqualTo(403);
        assertThat(client().send("POST", client().ingest("/customers"), holding, customers).statusCode()).isEqualTo(200);
        // And an event from the pair without events:write is refused in POST /events' own format
        final HttpResponse<String> event = client().send("POST", client().ingest("/events"), holding,
                "{\"customer_id\":\"walk-key\",\"event\":\"walked\"}");
        assertThat(event.statusCode()).as(event.body()).isEqualTo(422);
        assertThat(event.body()).contains("forbidden");
    }

    private static Map<String, String> keyPair(final Set<String> scopes) throws Exception {
        final JsonNode pair = createCredential("key", scopes);
        return Map.of("key", pair.get("key").asText(), "secret", pair.get("secret").asText());
    }

    /** A credential of {@code kind} holding {@code scopes}, created by the walked workspace's admin. */
    private static JsonNode createCredential(final String kind, final Set<String> scopes) throws Exception {
        final String list = scopes.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
        return StackClient.answered(client().send("POST", client().ingest("/credentials"),
                StackClient.bearer(created.get("admin_token").asText()),
                "{\"name\":\"walk-" + kind + "\",\"kind\":\"" + kind + "\",\"scopes\":[" + list + "]}"), 201);
    }
}
