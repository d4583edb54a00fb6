package org.opencdp.projector.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.opencdp.avro.StoredSegment;
import org.opencdp.projector.segment.Explanation;
import org.opencdp.schemas.values.Violation;

/**
 * A segment as the routes of contract section 11 show it: its definition as written, and where its membership
 * stands: {@code backfilling} until every partition has evaluated its profiles against this version, then
 * {@code live}; and its {@code size}, kept by the fold on every entry and exit (while backfilling, the members found so
 * far).
 */
public record SegmentView(
        String id,
        String name,
        String match,
        JsonNode conditions,
        String status,
        long size,
        long version,
        @JsonProperty("created_at") String createdAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("updated_at") String updatedAt) {

    static SegmentView of(final StoredSegment segment, final JsonNode definition, final String status, final long size) {
        return new SegmentView(segment.getSegmentId(), segment.getName(), definition.path("match").asText("all"),
                definition.path("conditions"), status, size, segment.getVersion(),
                segment.getCreatedAt().toString(),
                segment.getUpdatedAt() == null ? null : segment.getUpdatedAt().toString());
    }

    /** The body of {@code POST /segments} and {@code PUT /segments/{id}}, for the OpenAPI document. */
    @Schema(name = "SegmentRequest", description = "contract section 11; docs/segments.md")
    public record Request(@Schema(required = true) String name,
                          @Schema(required = true, enumeration = {"all", "any"}) String match,
                          @Schema(required = true, description = "Conditions: attribute, relative date, event count, "
                                  + "membership, or a nested {match, conditions} group") List<Object> conditions) {
    }

    /**
     * A page of {@code GET /segments/{id}/members}: customer ids, and where the next page starts (null: none); with
     * {@code ?include=profiles}, their profiles ({@code customers}, as {@code GET /customers} pages them) instead.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Members(List<String> members, List<ProfileView> customers,
                          @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("next_cursor") String nextCursor) {
    }

    /** {@code GET /customers/{id}/segments}: the segments the customer is in, by id. */
    public record OfCustomer(@JsonProperty("customer_id") String customerId, List<Member> segments) {
    }

    public record Member(String id, String name) {
    }

    /**
     * {@code GET /segments/{id}/explain/{customer_id}}: whether the customer is in the segment as the stream keeps it
     * ({@code member}), whether its conditions hold now ({@code matches}: they differ only until the stream has
     * evaluated the customer since the definition or its data changed), and each condition with the values that
     * decided it.
     */
    public record Explained(@JsonProperty("segment_id") String segmentId, @JsonProperty("customer_id") String customerId,
                            boolean member, boolean matches, @JsonProperty("evaluated_at") String evaluatedAt,
                            Condition explanation) {
    }

    /** One condition's part in an explanation; a group lists its conditions. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Condition(String at, String kind, String condition, @JsonInclude(JsonInclude.Include.ALWAYS) boolean matched,
                            @JsonProperty("decided_by") String decidedBy, List<Condition> conditions) {

        static Condition of(final Explanation explanation) {
            return new Condition(explanation.at(), explanation.kind(), explanation.condition(), explanation.matched(),
                    explanation.decidedBy(), explanation.conditions().stream().map(Condition::of).toList());
        }
    }

    /**
     * {@code POST /segments/preview}: how many of the profiles read match an unsaved definition, the first
     * {@code members} (at most 20), and whether every profile was read ({@code complete}); when the time budget ended
     * first, {@code next_cursor} continues the walk ({@code POST /segments/preview?cursor=}, the same body) and the
     * sizes add up. {@code uncounted_events}: when the fold counts only the event names some segment counts
     * ({@code cdp.projector.segments.count-every-event=false}), the definition's names none counts: their conditions
     * see no events (docs/segments.md). Empty by default, every name being counted.
     */
    public record Preview(@JsonInclude(JsonInclude.Include.ALWAYS) long size, List<String> members,
                          @JsonInclude(JsonInclude.Include.ALWAYS) long scanned,
                          @JsonInclude(JsonInclude.Include.ALWAYS) boolean complete,
                          @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("next_cursor") String nextCursor,
                          @JsonProperty("uncounted_events") List<String> uncountedEvents) {

        public Preview {
            members = members == null ? List.of() : List.copyOf(members);
            uncountedEvents = uncountedEvents == null ? List.of() : List.copyOf(uncountedEvents);
        }
    }

    /** A page of {@code GET /segments}. */
    public record Page(List<SegmentView> segments, @JsonProperty("next_cursor") String nextCursor) {
    }

    /**
     * The 400 of a definition that is not valid: every problem, each with where it is ({@code conditions.1.op},
     * empty for the definition itself), a stable {@code type} (docs/segments.md, "Validation") and a message.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Invalid(String message, @JsonProperty("request_id") String requestId, List<Problem> problems) {

        static Invalid of(final List<Violation> violations, final String requestId) {
            return new Invalid("the segment definition is not valid: " + violations.size()
                    + (violations.size() == 1 ? " problem" : " problems"), requestId,
                    violations.stream().map(v -> new Problem(v.at().dotted(), v.type(), v.message())).toList());
        }
    }

    public record Problem(String path, String type, String message) {
    }
}
