package org.opencdp.projector.customer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.projector.attribute.AttributeType;
import org.opencdp.projector.attribute.Coercion;
import org.opencdp.projector.attribute.CoercionResult;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.attribute.PropertyTypes;
import org.opencdp.projector.attribute.TypeInference;

/**
 * Folds one command into a customer's profile: the whole write model of the projector, with no I/O.
 * Each applied command increments the profile's revision and stamps its time and request id.
 */
public final class CustomerFolder {

    private final PropertyTypes types;
    private final Coercion coercion;
    private final CommandValidator validator;

    public CustomerFolder(final PropertyTypes types, final Coercion coercion, final CommandValidator validator) {
        this.types = types;
        this.coercion = coercion;
        this.validator = validator;
    }

    /**
     * @param key     the record's key, checked against the command's own ids
     * @param current the customer's profile before the command; empty when the customer does not exist
     */
    public CommandOutcome fold(final CustomerKey key, final CustomerCommand command, final Optional<Profile> current) {
        final List<String> violations = validator.violations(key, command);
        if (!violations.isEmpty()) {
            return new CommandOutcome.CommandRejected(String.join("; ", violations));
        }
        return switch (command.getCommand()) {
            case UpsertAttributes upsert -> upsertAttributes(command, upsert, current.orElseGet(() -> fresh(command)));
            case UpsertArrayItems upsert -> upsertArrayItems(command, upsert, current.orElseGet(() -> fresh(command)));
            case DeleteArrayItems delete -> current
                    .<CommandOutcome>map(profile -> deleteArrayItems(command, delete, profile))
                    .orElseGet(() -> new CommandOutcome.NothingToChange("no such customer"));
            case DeleteCustomer ignored -> current.isPresent()
                    ? new CommandOutcome.ProfileDeleted()
                    : new CommandOutcome.NothingToChange("no such customer");
            case TrackEvent event -> new CommandOutcome.EventEnriched(enrich(command, event, current.orElseGet(() -> fresh(command))));
            default -> new CommandOutcome.CommandRejected("unknown command " + command.getCommand());
        };
    }

    private CommandOutcome upsertAttributes(final CustomerCommand command, final UpsertAttributes upsert, final Profile base) {
        final Map<String, Attribute> attributes = new HashMap<>(base.getAttributes());
        final List<AttributeRejection> rejections = new ArrayList<>();
        // Sorted, so that the rejections of one command always come in the same order.
        new TreeMap<>(upsert.getAttributes()).forEach((name, raw) -> {
            if (clears(command.getFamily(), raw)) {
                attributes.remove(name);
                return;
            }
            final PropertyDefinition definition = types.definition(base, name)
                    .orElseGet(() -> PropertyDefinition.of(firstType(command.getFamily(), upsert.getDeclaredTypes().get(name), raw)));
            switch (coercion.coerce(definition, raw)) {
                case CoercionResult.Coerced coerced -> attributes.put(name, attribute(command, coerced.value()));
                case CoercionResult.Uncoercible uncoercible -> rejections.add(new AttributeRejection(
                        name, render(raw), definition.type().label() + ": " + uncoercible.reason(), command.getRequestId()));
            }
        });
        return applied(command, base, attributes, rejections);
    }

    private CommandOutcome upsertArrayItems(final CustomerCommand command, final UpsertArrayItems upsert, final Profile base) {
        final Map<String, Attribute> attributes = new HashMap<>(base.getAttributes());
        final String field = upsert.getField();
        final Optional<AttributeType> type = types.definition(base, field).map(PropertyDefinition::type);
        if (type.isPresent() && type.get() != AttributeType.ARRAY) {
            return applied(command, base, attributes, List.of(new AttributeRejection(field, render(upsert.getItems()),
                    "a " + type.get().label() + " property is not an array field", command.getRequestId())));
        }
        final List<ArrayItem> items = ArrayItems.upsert(arrayItems(attributes.get(field)), upsert.getItems());
        attributes.put(field, attribute(command, new ArrayValue(items)));
        return applied(command, base, attributes, List.of());
    }

    private CommandOutcome deleteArrayItems(final CustomerCommand command, final DeleteArrayItems delete, final Profile base) {
        final Map<String, Attribute> attributes = new HashMap<>(base.getAttributes());
        final List<ArrayItem> existing = arrayItems(attributes.get(delete.getField()));
        final List<ArrayItem> kept = ArrayItems.delete(existing, delete.getItemIds());
        if (kept.size() != existing.size()) {
            attributes.put(delete.getField(), attribute(command, new ArrayValue(kept)));
        }
        return applied(command, base, attributes, List.of());
    }

    private static EnrichedEvent enrich(final CustomerCommand command, final TrackEvent event, final Profile snapshot) {
        return new EnrichedEvent(command.getCommandId(), command.getWorkspaceId(), command.getCustomerId(),
                command.getRequestId(), event.getName(), event.getData(), command.getTimestamp(), snapshot);
    }

    /** The declared type (Retently's "type") when there is one, else the family's inference from the value. */
    private static AttributeType firstType(final ApiFamily family, final String declared, final Object raw) {
        return Optional.ofNullable(declared).flatMap(AttributeType::fromLabel)
                .orElseGet(() -> TypeInference.infer(family, raw));
    }

    /** Null clears a property on every route; "" also clears on the Retently and Attentive routes. */
    private static boolean clears(final ApiFamily family, final Object raw) {
        return raw == null || "".equals(raw) && (family == ApiFamily.RETENTLY || family == ApiFamily.ATTENTIVE);
    }

    private static List<ArrayItem> arrayItems(final Attribute attribute) {
        return attribute != null && attribute.getValue() instanceof ArrayValue array ? array.getItems() : List.of();
    }

    private static Attribute attribute(final CustomerCommand command, final Object typedValue) {
        return new Attribute(typedValue, command.getTimestamp(), command.getRequestId());
    }

    private static CommandOutcome applied(final CustomerCommand command, final Profile base,
                                          final Map<String, Attribute> attributes, final List<AttributeRejection> rejections) {
        final Profile next = new Profile(base.getWorkspaceId(), base.getCustomerId(), attributes, base.getCreatedAt(),
                command.getTimestamp(), command.getRequestId(), base.getRevision() + 1);
        return new CommandOutcome.ProfileUpserted(next, rejections);
    }

    /** A customer that has never had a command applied: no attributes, revision 0. */
    private static Profile fresh(final CustomerCommand command) {
        return new Profile(command.getWorkspaceId(), command.getCustomerId(), new HashMap<>(), command.getTimestamp(),
                command.getTimestamp(), "", 0L);
    }

    private static String render(final Object raw) {
        return raw instanceof String || raw instanceof Number || raw instanceof Boolean ? Coercion.text(raw) : String.valueOf(raw);
    }
}
