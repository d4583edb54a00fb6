package org.opencdp.ingest.user;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.avro.Identifier;
import org.opencdp.ingest.value.BodyReader;
import org.opencdp.schemas.values.Limits;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.RawValues;
import org.opencdp.ingest.value.ReadBody;
import org.opencdp.schemas.values.Violation;
import org.opencdp.schemas.values.Violations;
import org.opencdp.schemas.values.ControlCharacters;
import org.opencdp.schemas.values.Decimals;
import org.opencdp.schemas.values.PhoneNumbers;

/**
 * Reads the bodies of the Attentive routes (contract section 5): the user's identifiers (null or empty ones
 * dropped; at least one left), attribute values (scalars only: arrays and objects are refused), names of at most
 * 200 characters, E.164 phones, subscriptions' shape. Checks that need the catalog or the sign-up sources come
 * after. Pure.
 */
public final class AttentiveUserReader extends BodyReader {

    static final Set<String> CHANNELS = Set.of("TEXT", "EMAIL");
    static final Set<String> TYPES = Set.of("MARKETING", "TRANSACTIONAL");

    /** One requested subscription, where it was in the body. */
    public record SubscriptionRequest(String type, String channel, String signUpSourceId, String locale, Path at) {
    }

    /** A read body: who, what, which subscriptions, or what is wrong with it. */
    public record UserWrite(List<Identifier> identifiers, Map<String, Object> attributes,
                            List<SubscriptionRequest> subscriptions, List<Violation> violations) implements ReadBody {

        public boolean hasPhone() {
            return identifiers.stream().anyMatch(i -> "phone".equals(i.getKind()));
        }

        public boolean hasEmail() {
            return identifiers.stream().anyMatch(i -> "email".equals(i.getKind()));
        }
    }

    /** Reads the identifiers a route names beyond phone and email, from the object that holds them. */
    @FunctionalInterface
    private interface MoreIdentifiers {
        void read(JsonNode given, Path at, List<Identifier> identifiers, Violations violations);
    }

    public AttentiveUserReader(final Limits limits) {
        super(limits);
    }

    /** {@code POST /v1/attributes/custom}: {"properties":{…},"user":{"phone","email","externalIdentifiers":{…}}}. */
    public UserWrite customAttributes(final JsonNode body) {
        return write(body, "properties", true, "user",
                "user is required: an object with phone, email or externalIdentifiers", false,
                (user, userAt, found, v) -> {
                    final JsonNode external = user.get("externalIdentifiers");
                    if (external != null && !external.isNull()) {
                        if (!external.isObject()) {
                            v.add(userAt.field("externalIdentifiers"), "object_type", "externalIdentifiers must be an object");
                        } else {
                            clientUserId(external.get("clientUserId"),
                                    userAt.field("externalIdentifiers").field("clientUserId"), found, v);
                            custom(external.get("customIdentifiers"),
                                    userAt.field("externalIdentifiers").field("customIdentifiers"), found, v);
                        }
                    }
                });
    }

    /** {@code POST /v2/user/attributes}: {"attributes":{…},"subscriptions":[…],"identifiers":{…}}. */
    public UserWrite userAttributes(final JsonNode body) {
        return write(body, "attributes", false, "identifiers",
                "identifiers is required: an object with phone, email, clientUserId or customIdentifiers", true,
                (given, at, found, v) -> {
                    clientUserId(given.get("clientUserId"), at.field("clientUserId"), found, v);
                    custom(given.get("customIdentifiers"), at.field("customIdentifiers"), found, v);
                });
    }

    /**
     * A body of either route: its attributes (in {@code attributesField}), its identifiers (in the object
     * {@code identifiersField}: phone, email and what {@code more} reads) and, when the route takes them, its
     * subscriptions, each of whose channel needs the matching identifier.
     */
    private UserWrite write(final JsonNode body, final String attributesField, final boolean attributesRequired,
                            final String identifiersField, final String identifiersMissing,
                            final boolean takesSubscriptions, final MoreIdentifiers more) {
        final Violations violations = new Violations();
        if (!isObject(body, "The body must be a JSON object", violations)) {
            return new UserWrite(List.of(), Map.of(), List.of(), violations.list());
        }
        final Map<String, Object> attributes = attributes(body.get(attributesField), Path.root().field(attributesField),
                attributesRequired, violations);
        final List<Identifier> identifiers = identifiers(body.get(identifiersField), Path.root().field(identifiersField),
                identifiersMissing, violations, more);
        final List<SubscriptionRequest> subscriptions = takesSubscriptions
                ? subscriptions(body.get("subscriptions"), Path.root().field("subscriptions"), violations)
                : List.of();
        final UserWrite write = new UserWrite(identifiers, attributes, subscriptions, List.of());
        for (final SubscriptionRequest subscription : subscriptions) {
            if ("TEXT".equals(subscription.channel()) && !write.hasPhone()) {
                violations.add(subscription.at().field("channel"), "phone_required", "A TEXT subscription needs the user's phone");
            }
            if ("EMAIL".equals(subscription.channel()) && !write.hasEmail()) {
                violations.add(subscription.at().field("channel"), "email_required", "An EMAIL subscription needs the user's email");
            }
        }
        return new UserWrite(identifiers, attributes, subscriptions, violations.list());
    }

    /**
     * The identifiers in the object {@code given} (required, {@code missing} says what it holds): phone, email
     * and what {@code more} reads; at least one must be left.
     */
    private List<Identifier> identifiers(final JsonNode given, final Path at, final String missing,
                                         final Violations violations, final MoreIdentifiers more) {
        final List<Identifier> identifiers = new ArrayList<>();
        if (given == null || !given.isObject()) {
            violations.add(at, "missing", missing);
            return identifiers;
        }
        final int before = violations.count();
        phone(given.get("phone"), at.field("phone"), identifiers, violations);
        email(given.get("email"), at.field("email"), identifiers, violations);
        more.read(given, at, identifiers, violations);
        atLeastOne(identifiers, at, violations, before);
        return identifiers;
    }

    private Map<String, Object> attributes(final JsonNode node, final Path at, final boolean required,
                                           final Violations violations) {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            if (required) {
                violations.add(at, "missing", "Field required: an object of attribute names and values");
            }
            return attributes;
        }
        if (!node.isObject()) {
            violations.add(at, "object_type", "Must be an object of attribute names and values");
            return attributes;
        }
        for (final Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            final Map.Entry<String, JsonNode> field = fields.next();
            final Path fieldAt = at.field(field.getKey());
            values.name(field.getKey(), fieldAt, violations);
            if (!RawValues.isScalar(field.getValue())) {
                violations.add(fieldAt, "scalar_type", "Arrays and objects are not accepted as attribute values");
            } else {
                numericText(field.getValue(), fieldAt, violations);
                attributes.put(field.getKey(), values.scalar(field.getValue(), fieldAt, violations));
            }
        }
        return attributes;
    }

    /**
     * The Attentive family reads a numeric string ({@code "24"}) as a number (contract section 4), so one must
     * be within the number bounds shared with the projector ({@link Decimals}): {@code "1e99999999999"} is a 400.
     */
    private static void numericText(final JsonNode value, final Path at, final Violations violations) {
        if (value.isTextual() && Decimals.read(value.textValue()) instanceof Decimals.Reading.OutOfRange outOfRange) {
            violations.add(at, "number_out_of_range", "A numeric value is out of range: " + outOfRange.reason());
        }
    }

    private static void phone(final JsonNode node, final Path at, final List<Identifier> identifiers,
                              final Violations violations) {
        if (absent(node)) {
            return;
        }
        if (!node.isTextual() || !PhoneNumbers.isE164(node.textValue())) {
            violations.add(at, "phone_format", "A phone must be in E.164 form: + then 8 to 15 digits, e.g. +19148440001");
            return;
        }
        identifiers.add(new Identifier("phone", null, node.textValue()));
    }

    private void email(final JsonNode node, final Path at, final List<Identifier> identifiers,
                       final Violations violations) {
        if (absent(node)) {
            return;
        }
        final String email = node.isTextual() ? node.textValue().trim().toLowerCase(Locale.ROOT) : "";
        if (email.isEmpty() || !email.contains("@") || RawValues.characters(email) > limits.maxEmailLength()
                || ControlCharacters.in(email)) {
            violations.add(at, "email_format", "An email must be a string with an @ of at most "
                    + limits.maxEmailLength() + " characters");
            return;
        }
        identifiers.add(new Identifier("email", null, email));
    }

    private void clientUserId(final JsonNode node, final Path at, final List<Identifier> identifiers,
                              final Violations violations) {
        if (absent(node)) {
            return;
        }
        final String id = customerIds.canonical(node, at, violations);
        if (id != null) {
            identifiers.add(new Identifier("customer_id", null, id));
        }
    }

    private void custom(final JsonNode node, final Path at, final List<Identifier> identifiers,
                        final Violations violations) {
        final JsonNode list = optionalArray(node, at, "array_type", "customIdentifiers must be an array of {name, value}",
                violations);
        for (int i = 0; list != null && i < list.size(); i++) {
            final JsonNode custom = list.get(i);
            final Path itemAt = at.index(i);
            if (!custom.isObject() || !custom.path("name").isTextual() || custom.path("name").textValue().isBlank()) {
                violations.add(itemAt, "custom_identifier", "A custom identifier is an object with a name and a value");
                continue;
            }
            final JsonNode value = custom.get("value");
            if (absent(value)) {
                continue;
            }
            values.name(custom.path("name").textValue(), itemAt.field("name"), violations);
            final String text = customerIds.canonical(value, itemAt.field("value"), violations);
            if (text != null) {
                identifiers.add(new Identifier("custom", custom.path("name").textValue(), text));
            }
        }
    }

    private static List<SubscriptionRequest> subscriptions(final JsonNode node, final Path at,
                                                           final Violations violations) {
        final List<SubscriptionRequest> subscriptions = new ArrayList<>();
        final JsonNode list = optionalArray(node, at, "array_type", "subscriptions must be an array", violations);
        forEachObject(list, at, "A subscription is an object with type and channel", violations,
                (subscription, itemAt) -> {
            final String type = subscription.path("type").asText("");
            final String channel = subscription.path("channel").asText("");
            if (!TYPES.contains(type)) {
                violations.add(itemAt.field("type"), "enum", "type must be MARKETING or TRANSACTIONAL");
            }
            if (!CHANNELS.contains(channel)) {
                violations.add(itemAt.field("channel"), "enum", "channel must be TEXT or EMAIL");
            }
            subscriptions.add(new SubscriptionRequest(type, channel, optionalText(subscription.get("signUpSourceId")),
                    optionalText(subscription.get("locale")), itemAt));
        });
        return subscriptions;
    }

    private static String optionalText(final JsonNode node) {
        if (absent(node)) {
            return null;
        }
        return node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.asText();
    }

    /** Unless an identifier was refused already (that violation says enough), one must be left. */
    private static void atLeastOne(final List<Identifier> identifiers, final Path at, final Violations violations,
                                   final int violationsBefore) {
        if (identifiers.isEmpty() && violations.count() == violationsBefore) {
            violations.add(at, "identifier_required", "At least one identifier is required: phone, email, "
                    + "clientUserId or a custom identifier (null and empty values are ignored)");
        }
    }

    /** Null, missing and empty identifiers are ignored (the seed: omit them rather than send them). */
    private static boolean absent(final JsonNode node) {
        return node == null || node.isNull() || node.isTextual() && node.textValue().isEmpty();
    }
}
