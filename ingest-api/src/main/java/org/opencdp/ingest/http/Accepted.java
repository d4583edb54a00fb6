package org.opencdp.ingest.http;

import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.ingest.json.JsonBody;

/** The Retainly family's 200 answer: a JSON string, as the seed documents, such as {@code "Accepted 2 customers"}. */
@Schema(name = "RetainlyAccepted", type = SchemaType.STRING, examples = "Accepted 2 customers",
        description = "Accepted N customers (or records)")
public final class Accepted {

    private Accepted() {
    }

    /** @param noun singular, e.g. {@code "customer"}, {@code "record"} */
    public static Response.ResponseBuilder answer(final int count, final String noun) {
        return Response.ok(JsonBody.quoted("Accepted " + count + " " + noun + (count == 1 ? "" : "s")),
                MediaType.APPLICATION_JSON_TYPE);
    }

    /** The answer of a route that publishes one command per {@code noun}: "Accepted N nouns". */
    public static Function<List<CustomerCommand>, Response.ResponseBuilder> per(final String noun) {
        return commands -> answer(commands.size(), noun);
    }
}
