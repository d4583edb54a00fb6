package org.opencdp.ingest.user;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.opencdp.ingest.TestJson;
import org.opencdp.ingest.testing.ProjectorStandIn;

/**
 * A stand-in for the profile projector at the edge, for the Attentive routes: {@code GET /properties} answers a
 * catalog of {@link #CATALOG_SIZE} properties (the enum {@code Plan}: gold, silver; then {@code p1}…), and
 * {@code GET /customers?phone=%2B19148440001} answers one profile; any other customer is 404.
 */
public class CatalogProjectorStub extends ProjectorStandIn {

    public static final int CATALOG_SIZE = 98;
    public static final int LIMIT = 100;
    public static final String KNOWN_PHONE_QUERY = "phone=%2B19148440001";

    @Override
    protected Map<String, String> configuration(final String url) {
        return Map.of("cdp.ingest.projector-url", url,
                "cdp.ingest.projector-timeout", "2s",
                "cdp.ingest.attentive.custom-attribute-limit", String.valueOf(LIMIT));
    }

    @Override
    protected void answer(final HttpExchange exchange) throws IOException {
        final String path = exchange.getRequestURI().getRawPath();
        final String query = exchange.getRequestURI().getRawQuery();
        if (path.equals("/properties")) {
            send(exchange, 200, catalog());
        } else if (path.equals("/customers") && KNOWN_PHONE_QUERY.equals(query)) {
            send(exchange, 200, profile());
        } else {
            send(exchange, 404, TestJson.object().put("message", "not found"));
        }
    }

    private static ObjectNode catalog() {
        final ObjectNode catalog = TestJson.object();
        final ArrayNode properties = catalog.putArray("properties");
        final ObjectNode plan = properties.addObject().put("name", "Plan").put("type", "enum");
        plan.putArray("enum_values").add("gold").add("silver");
        for (int i = 1; i < CATALOG_SIZE; i++) {
            properties.addObject().put("name", "p" + i).put("type", "string");
        }
        return catalog;
    }

    private static ObjectNode profile() {
        final ObjectNode profile = TestJson.object().put("customer_id", "c-1");
        final ObjectNode attributes = profile.putObject("attributes");
        attributes.putObject("Favorite color").put("value", "red").put("type", "string");
        attributes.putObject("Age").put("value", 24).put("type", "number");
        attributes.putObject("Beta").put("value", true).put("type", "boolean");
        return profile;
    }

    private static void send(final HttpExchange exchange, final int status, final ObjectNode json) throws IOException {
        final byte[] body = TestJson.MAPPER.writeValueAsBytes(json);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
