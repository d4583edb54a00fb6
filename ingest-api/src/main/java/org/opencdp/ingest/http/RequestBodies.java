package org.opencdp.ingest.http;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request bodies of the write routes, for the OpenAPI document only: each route reads its body itself (the
 * vendors' own formats, with every violation reported at once), so these records are never deserialized. The
 * field names are the vendors' JSON names.
 */
final class RequestBodies {

    private static final String CUSTOMER_ID = "A number or a string (up to 256 characters)";

    @Schema(name = "RetainlyCustomers", description = "Retainly POST /customers: 1 to 10,000 customers")
    record Customers(@Schema(required = true, maxItems = 10_000) List<Customer> customers) {
    }

    @Schema(name = "RetainlyCustomer", description = "id, then any properties: a string, number, boolean, date "
            + "(YYYY-MM-DD), list of strings, or null (clears the value)", additionalProperties = Schema.True.class)
    record Customer(@Schema(required = true, description = CUSTOMER_ID, examples = "1") Object id) {
    }

    @Schema(name = "RetainlyCustomerIds", description = "Retainly DELETE /customers")
    record CustomerIds(@Schema(name = "customers_ids", required = true, maxItems = 10_000, description = CUSTOMER_ID)
                       List<Object> customersIds) {
    }

    @Schema(name = "RetainlyArrayItems", description = "Retainly POST /arrays")
    record ArrayItems(@Schema(required = true, maxItems = 10_000) List<ArrayItemsRecord> records) {
    }

    @Schema(name = "RetainlyArrayItemsRecord")
    record ArrayItemsRecord(@Schema(name = "customer_id", required = true, description = CUSTOMER_ID) Object customerId,
                            @Schema(required = true, examples = "purchases") String field,
                            @Schema(required = true, description = "Items: objects; one with an \"id\" replaces the item "
                                    + "with that id, else it is appended") List<Map<String, Object>> data) {
    }

    @Schema(name = "RetainlyArrayItemIds", description = "Retainly DELETE /arrays")
    record ArrayItemIds(@Schema(required = true, maxItems = 10_000) List<ArrayItemIdsRecord> records) {
    }

    @Schema(name = "RetainlyArrayItemIdsRecord")
    record ArrayItemIdsRecord(@Schema(name = "customer_id", required = true, description = CUSTOMER_ID) Object customerId,
                              @Schema(required = true, examples = "purchases") String field,
                              @Schema(required = true, description = "The ids of the items to remove") List<Object> ids) {
    }

    @Schema(name = "RetainlyEvent", description = "Retainly POST /events")
    record Event(@Schema(name = "customer_id", required = true, description = CUSTOMER_ID) Object customerId,
                 @Schema(required = true, examples = "signup") String event,
                 @Schema(description = "Any JSON object, passed to the workflows the event starts") Map<String, Object> data) {
    }

    @Schema(name = "RetentlySubscribers", description = "Retently POST /api/v2/customers and /api/v2/survey")
    record Subscribers(@Schema(required = true, maxItems = 10_000) List<Subscriber> subscribers) {
    }

    @Schema(name = "RetentlySubscriber")
    record Subscriber(@Schema(required = true, examples = "john@example.com") String email,
                      @Schema(name = "first_name") String firstName,
                      @Schema(name = "last_name") String lastName,
                      String company,
                      List<String> tags,
                      @Schema(description = "Typed properties; the label \"Subscription name\" is stored as subscription_name")
                      List<SubscriberProperty> properties) {
    }

    @Schema(name = "RetentlyProperty")
    record SubscriberProperty(@Schema(required = true) String label,
                              @Schema(required = true, examples = "string") String type,
                              @Schema(required = true) Object value) {
    }

    @Schema(name = "PropertyDefinitionRequest", description = "PUT /properties/{name}")
    record PropertyDefinition(@Schema(required = true, description = "One of the property types of contract section 4",
                                      examples = "enum") String type,
                              @Schema(name = "enum_values", description = "The allowed values, for type enum") List<String> enumValues) {
    }

    @Schema(name = "AttentiveCustomAttributes", description = "Attentive POST /v1/attributes/custom")
    record CustomAttributes(@Schema(required = true, description = "Name to a string, number or boolean")
                            Map<String, Object> properties,
                            @Schema(required = true) AttentiveUser user) {
    }

    @Schema(name = "AttentiveUser", description = "At least one identifier; phone in E.164 form")
    record AttentiveUser(String phone, String email, ExternalIdentifiers externalIdentifiers) {
    }

    @Schema(name = "AttentiveExternalIdentifiers")
    record ExternalIdentifiers(String clientUserId, List<CustomIdentifier> customIdentifiers) {
    }

    @Schema(name = "AttentiveCustomIdentifier")
    record CustomIdentifier(@Schema(required = true) String name, @Schema(required = true) String value) {
    }

    @Schema(name = "AttentiveUserAttributes", description = "Attentive POST /v2/user/attributes")
    record UserAttributes(@Schema(description = "Name to a string, number or boolean") Map<String, Object> attributes,
                          List<Subscription> subscriptions,
                          @Schema(required = true) Identifiers identifiers) {
    }

    @Schema(name = "AttentiveSubscription", description = "Exactly one sign-up source: signUpSourceId, or the locale "
            + "that names one")
    record Subscription(@Schema(required = true, enumeration = {"MARKETING", "TRANSACTIONAL"}) String type,
                        @Schema(required = true, enumeration = {"TEXT", "EMAIL"}) String channel,
                        String signUpSourceId, String locale) {
    }

    @Schema(name = "AttentiveIdentifiers", description = "At least one identifier; phone in E.164 form")
    record Identifiers(String phone, String email, String clientUserId, List<CustomIdentifier> customIdentifiers) {
    }

    @Schema(name = "SegmentRequest", description = "POST /segments, PUT /segments/{id} (contract section 11; docs/segments.md)")
    record Segment(@Schema(required = true) String name,
                   @Schema(required = true, enumeration = {"all", "any"}) String match,
                   @Schema(required = true, description = "Conditions: attribute, relative date, event count, "
                           + "membership, or a nested {match, conditions} group") java.util.List<Object> conditions) {
    }

    @Schema(name = "SignUpSourceRequest", description = "POST /sign-up-sources")
    record SignUpSource(@Schema(required = true) String name,
                        @Schema(required = true, enumeration = {"MARKETING", "TRANSACTIONAL"}) String type,
                        @Schema(required = true, examples = "en-US") String locale,
                        @Schema(examples = "API") String method,
                        @Schema(description = "Chosen by the server when absent") String id) {
    }

    @Schema(name = "NewWorkspace", description = "POST /admin/workspaces; no other field is accepted")
    record NewWorkspace(@Schema(required = true, pattern = "[a-z0-9-]{1,64}") String id,
                        @Schema(name = "time_zone", examples = "Europe/Berlin", nullable = true) String time_zone,
                        @Schema(name = "rate_limit", nullable = true, description = "null: the deployment's default")
                        RateLimit rate_limit,
                        @Schema(nullable = true, description = "null: the deployment's history bounds") HistoryLimits history) {
    }

    @Schema(name = "WorkspaceChange", description = "PATCH /admin/workspaces/{id}: an absent field is unchanged, null"
            + " resets it to the default")
    record WorkspaceChange(@Schema(name = "time_zone", nullable = true) String time_zone,
                           @Schema(name = "rate_limit", nullable = true) RateLimit rate_limit,
                           @Schema(nullable = true) HistoryLimits history) {
    }

    @Schema(name = "HistoryLimits", description = "How much history the workspace keeps (contract section 12); a field"
            + " absent or null: the deployment's bound")
    record HistoryLimits(@Schema(name = "retention_days", nullable = true, minimum = "1", maximum = "3650", examples = "400")
                         Integer retention_days,
                         @Schema(name = "max_entries", nullable = true, minimum = "1", maximum = "100000", examples = "10000")
                         Integer max_entries) {
    }

    @Schema(name = "RateLimit", description = "A token bucket: per_second > 0, burst >= 1")
    record RateLimit(@Schema(name = "per_second", required = true, examples = "1000") double per_second,
                     @Schema(required = true, examples = "2000") double burst) {
    }

    @Schema(name = "NewCredential", description = "POST /credentials; no other field is accepted")
    record NewCredential(@Schema(required = true, maxLength = 100) String name,
                         @Schema(required = true, enumeration = {"key", "token"}) String kind,
                         @Schema(required = true, minItems = 1, examples = "[\"profiles:read\"]") List<String> scopes) {
    }

    private RequestBodies() {
    }
}
