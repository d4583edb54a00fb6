package org.opencdp.projector.customer;

import java.time.Instant;
import java.time.ZoneId;
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
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.Profile;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.Subscription;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.projector.attribute.Coercion;
import org.opencdp.projector.attribute.TimeZones;
import org.opencdp.projector.attribute.CoercionResult;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.attribute.TypeInference;
import org.opencdp.projector.catalog.Catalog;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.schemas.values.Limits;

/**
 * Folds one command into a customer's profile: the whole write model of the projector, with no I/O.
 * Each applied command increments the profile's revision and stamps its time and request id.
 *
 * <p>Values are coerced to their property's type in the workspace catalog. A property the catalog has not
 * decided yet is typed by this write's inference and reported as provisional; {@link ProfileChanges#settle}
 * brings it to the decided type later.
 */
public final class CustomerFolder {

    private final Catalog catalog;
    private final TimeZones zones;
    private final CommandValidator validator;
    private final Limits limits;

    /** Folds under {@code limits}, the same the commands are validated against, with dates read in {@code timeZone}. */
    public CustomerFolder(final Catalog catalog, final ZoneId timeZone, final Limits limits) {
        this(catalog, TimeZones.fixed(timeZone), limits);
    }

    /** As above, with each workspace's dates read in its own zone. */
    public CustomerFolder(final Catalog catalog, final TimeZones zones, final Limits limits) {
        this.catalog = catalog;
        this.zones = zones;
        this.validator = new CommandValidator(limits);
        this.limits = limits;
    }

    /**
     * The one check of a command: why {@code command} cannot apply under {@code key} (every reason, joined), or
     * empty when it is valid. {@link #fold} checks with it; a caller that must route a command before folding
     * it (merges) checks first and then folds with {@link #foldValid}, so no command is checked twice.
     */
    public Optional<CommandOutcome.CommandRejected> rejection(final CustomerKey key, final CustomerCommand command) {
        final List<String> violations = validator.violations(key, command);
        return violations.isEmpty() ? Optional.empty()
                : Optional.of(new CommandOutcome.CommandRejected(String.join("; ", violations)));
    }

    /**
     * @param key     the record's key, checked against the command's own ids
     * @param current the customer's profile before the command; empty when the customer does not exist
     */
    public CommandOutcome fold(final CustomerKey key, final CustomerCommand command, final Optional<Profile> current) {
        final Optional<CommandOutcome.CommandRejected> rejected = rejection(key, command);
        return rejected.isPresent() ? rejected.get() : foldValid(key, command, current);
    }

    /** {@link #fold} of a command {@link #rejection} found valid under {@code key}. */
    public CommandOutcome foldValid(final CustomerKey key, final CustomerCommand command, final Optional<Profile> current) {
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
            case AttachIdentifiers attach -> attachIdentifiers(command, attach, current.orElseGet(() -> fresh(command)));
            case Subscribe subscribe -> subscribe(command, subscribe, current.orElseGet(() -> fresh(command)));
            default -> new CommandOutcome.CommandRejected("unknown command " + command.getCommand());
        };
    }

    private CommandOutcome upsertAttributes(final CustomerCommand command, final UpsertAttributes upsert, final Profile base) {
        final Change change = new Change(command, base);
        final Coercion coercion = new Coercion(zones.of(command.getWorkspaceId()));
        // Sorted, so that the rejections of one command always come in the same order.
        new TreeMap<>(upsert.getAttributes()).forEach((name, raw) -> {
            final Optional<PropertyDefinition> decided = catalog.definition(command.getWorkspaceId(), name);
            if (clears(command.getFamily(), raw)) {
                change.attributes.remove(name);
                if (decided.isEmpty()) {
                    change.clearedProvisional.add(name);
                }
                return;
            }
            final PropertyDefinition definition = decided.orElseGet(() ->
                    PropertyDefinition.of(firstType(command.getFamily(), upsert.getDeclaredTypes().get(name), raw)));
            switch (coercion.coerce(definition, raw)) {
                case CoercionResult.Coerced coerced -> {
                    if (change.fits(name, coerced.value()) && decided.isEmpty()) {
                        change.provisional.add(new CommandOutcome.Provisional(name, definition.type(), raw));
                    }
                }
                // Undecided: the decided type may accept the value; settling the provisional value decides.
                case CoercionResult.Uncoercible uncoercible when decided.isEmpty() ->
                        change.provisional.add(new CommandOutcome.Provisional(name, definition.type(), raw));
                case CoercionResult.Uncoercible uncoercible -> change.reject(name, ProfileChanges.render(raw),
                        definition.type().label() + ": " + uncoercible.reason());
            }
        });
        return change.applied();
    }

    private CommandOutcome upsertArrayItems(final CustomerCommand command, final UpsertArrayItems upsert, final Profile base) {
        final Change change = new Change(command, base);
        final String field = upsert.getField();
        final Optional<PropertyDefinition> decided = catalog.definition(command.getWorkspaceId(), field);
        if (decided.isPresent() && decided.get().type() != AttributeType.ARRAY) {
            change.reject(field, ProfileChanges.render(new ItemList(upsert.getItems())),
                    "a " + decided.get().type().label() + " property is not an array field");
            return change.applied();
        }
        final List<ArrayItem> items = ArrayItems.upsert(ProfileChanges.arrayItems(base.getAttributes().get(field)), upsert.getItems());
        if (change.fits(field, new ArrayValue(items)) && decided.isEmpty()) {
            change.provisional.add(new CommandOutcome.Provisional(field, AttributeType.ARRAY, new ItemList(items)));
        }
        return change.applied();
    }

    private CommandOutcome deleteArrayItems(final CustomerCommand command, final DeleteArrayItems delete, final Profile base) {
        final Change change = new Change(command, base);
        final String field = delete.getField();
        final List<ArrayItem> existing = ProfileChanges.arrayItems(base.getAttributes().get(field));
        final List<ArrayItem> kept = ArrayItems.delete(existing, delete.getItemIds());
        if (kept.size() != existing.size()) {
            change.attributes.put(field, change.attribute(new ArrayValue(kept)));
            if (catalog.definition(command.getWorkspaceId(), field).isEmpty()) {
                change.provisional.add(new CommandOutcome.Provisional(field, AttributeType.ARRAY, new ItemList(kept)));
            }
        }
        return change.applied();
    }

    private CommandOutcome attachIdentifiers(final CustomerCommand command, final AttachIdentifiers attach,
                                             final Profile base) {
        final Change change = new Change(command, base);
        change.identifiers = IdentifierKinds.union(base.getIdentifiers(), attach.getIdentifiers());
        return change.applied();
    }

    /** A new subscription, or the attempt recorded on the existing one (the seed's "already subscribed"). */
    private CommandOutcome subscribe(final CustomerCommand command, final Subscribe subscribe, final Profile base) {
        final Change change = new Change(command, base);
        final List<Subscription> subscriptions = new ArrayList<>();
        boolean existing = false;
        for (final Subscription subscription : base.getSubscriptions()) {
            if (subscription.getChannel().equals(subscribe.getChannel()) && subscription.getType().equals(subscribe.getType())) {
                existing = true;
                subscriptions.add(new Subscription(subscription.getChannel(), subscription.getType(),
                        subscription.getSignUpSourceId(), subscription.getSubscribedAt(),
                        subscription.getRepeatedAttempts() + 1, command.getTimestamp()));
            } else {
                subscriptions.add(subscription);
            }
        }
        if (!existing) {
            subscriptions.add(new Subscription(subscribe.getChannel(), subscribe.getType(), subscribe.getSignUpSourceId(),
                    command.getTimestamp(), 0, null));
        }
        change.subscriptions = subscriptions;
        return change.applied();
    }

    private static EnrichedEvent enrich(final CustomerCommand command, final TrackEvent event, final Profile snapshot) {
        return new EnrichedEvent(command.getCommandId(), command.getWorkspaceId(), command.getCustomerId(),
                command.getRequestId(), event.getName(), event.getData(), command.getTimestamp(), snapshot, List.of());
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

    /**
     * A customer that has never had a command applied: no attributes, revision 0. It holds its id as an
     * identifier: a customer id, or for a Retently subscriber (keyed by lower-cased email) an email; unless the
     * identity resolver created it (it then attaches the request's identifiers first).
     */
    private static Profile fresh(final CustomerCommand command) {
        final List<Identifier> identifiers;
        if (command.getCommand() instanceof AttachIdentifiers) {
            identifiers = List.of();
        } else if (command.getFamily() == ApiFamily.RETENTLY) {
            identifiers = List.of(new Identifier(IdentifierKinds.EMAIL, null, command.getCustomerId()));
        } else {
            identifiers = List.of(IdentifierKinds.customerId(command.getCustomerId()));
        }
        return Profiles.fresh(command.getWorkspaceId(), command.getCustomerId(), command.getTimestamp(), identifiers);
    }

    /** The profile being changed by one command, with what the command could not store. */
    private final class Change {

        private final CustomerCommand command;
        private final Profile base;
        private final Map<String, Attribute> attributes;
        private final List<AttributeRejection> rejections = new ArrayList<>();
        private final List<CommandOutcome.Provisional> provisional = new ArrayList<>();
        private final List<String> clearedProvisional = new ArrayList<>();
        private List<Identifier> identifiers;
        private List<Subscription> subscriptions;

        Change(final CustomerCommand command, final Profile base) {
            this.command = command;
            this.base = base;
            this.attributes = new HashMap<>(base.getAttributes());
            this.identifiers = base.getIdentifiers();
            this.subscriptions = base.getSubscriptions();
        }

        /** Stores {@code typedValue} unless that would pass a per-customer limit (then a rejection): whether it did. */
        boolean fits(final String name, final Object typedValue) {
            final Attribute existing = attributes.get(name);
            if (existing == null && attributes.size() >= limits.maxFields()) {
                reject(name, ProfileChanges.renderTyped(typedValue), "a customer has at most " + limits.maxFields() + " fields");
                return false;
            }
            final boolean newArrayField = typedValue instanceof ArrayValue
                    && (existing == null || !(existing.getValue() instanceof ArrayValue));
            if (newArrayField && arrayFields() >= limits.maxArrayFields()) {
                reject(name, ProfileChanges.renderTyped(typedValue),
                        "a customer has at most " + limits.maxArrayFields() + " array fields");
                return false;
            }
            attributes.put(name, attribute(typedValue));
            return true;
        }

        private long arrayFields() {
            return attributes.values().stream().filter(a -> a.getValue() instanceof ArrayValue).count();
        }

        Attribute attribute(final Object typedValue) {
            return new Attribute(typedValue, command.getTimestamp(), command.getRequestId());
        }

        void reject(final String name, final String value, final String reason) {
            rejections.add(new AttributeRejection(name, value, reason, command.getRequestId(), command.getTimestamp()));
        }

        CommandOutcome applied() {
            final Instant at = command.getTimestamp();
            final Profile next = Profiles.copy(base);
            next.setAttributes(attributes);
            next.setUpdatedAt(at);
            next.setLastRequestId(command.getRequestId());
            next.setRevision(base.getRevision() + 1);
            next.setRejections(ProfileChanges.keepNewest(base.getRejections(), rejections));
            next.setIdentifiers(identifiers);
            next.setSubscriptions(subscriptions);
            return new CommandOutcome.ProfileUpserted(next, rejections, provisional, clearedProvisional);
        }
    }
}
