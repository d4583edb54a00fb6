package org.opencdp.ingest.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.opencdp.ingest.json.JsonBody;

/** The Retainly family's 200 answer: a JSON string, as the seed documents, such as {@code "Accepted 2 customers"}. */
public final class Accepted {

    private Accepted() {
    }

    /** @param noun singular, e.g. {@code "customer"}, {@code "record"} */
    public static Response.ResponseBuilder answer(final int count, final String noun) {
        return Response.ok(JsonBody.quoted("Accepted " + count + " " + noun + (count == 1 ? "" : "s")),
                MediaType.APPLICATION_JSON_TYPE);
    }
}
