package org.opencdp.projector.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.opencdp.avro.AbsorbProfile;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.RestoreProfile;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UndoMerge;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.projector.attribute.PropertyNames;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.schemas.values.ControlCharacters;
import org.opencdp.schemas.values.Ids;
import org.opencdp.schemas.values.Limits;

/**
 * Checks a command the way the REST API checks a request, so that commands from direct producers get the
 * same validation (contract section 1). A violation rejects the whole command.
 */
public final class CommandValidator {

    private static final Set<String> IDENTIFIER_KINDS = Set.of(IdentifierKinds.CUSTOMER_ID, IdentifierKinds.EMAIL,
            IdentifierKinds.PHONE, IdentifierKinds.CUSTOM);
    private static final Set<String> CHANNELS = Set.of("TEXT", "EMAIL");
    private static final Set<String> SUBSCRIPTION_TYPES = Set.of("MARKETING", "TRANSACTIONAL");

    private final Limits limits;

    public CommandValidator(final Limits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /** Every violation of {@code command} under {@code key}; empty when the command is valid. */
    public List<String> violations(final CustomerKey key, final CustomerCommand command) {
        final List<String> violations = new ArrayList<>();
        if (key == null) {
            violations.add("the record has no key");
        } else {
            if (!Objects.equals(key.getWorkspaceId(), command.getWorkspaceId())) {
                violations.add("key workspace_id '" + key.getWorkspaceId() + "' differs from the command's '"
                        + command.getWorkspaceId() + "'");
            }
            if (!Objects.equals(key.getCustomerId(), command.getCustomerId())) {
                violations.add("key customer_id '" + key.getCustomerId() + "' differs from the command's '"
                        + command.getCustomerId() + "'");
            }
        }
        identifier(command.getWorkspaceId(), "workspace_id", violations);
        identifier(command.getCustomerId(), "customer_id", violations);
        if (command.getCommandId().isBlank()) {
            violations.add("command_id is blank");
        }
        switch (command.getCommand()) {
            case UpsertAttributes upsert -> attributes(upsert, violations);
            case UpsertArrayItems upsert -> {
                PropertyNames.violation(upsert.getField()).ifPresent(violations::add);
                items(upsert.getItems(), "items", violations);
            }
            case DeleteArrayItems delete -> {
                PropertyNames.violation(delete.getField()).ifPresent(violations::add);
                for (final String id : delete.getItemIds()) {
                    identifier(id, "item_ids", violations);
                }
            }
            case DeleteCustomer ignored -> {
                // Nothing to check: the customer is named by the envelope.
            }
            case TrackEvent event -> event(event, violations);
            case AttachIdentifiers attach -> identifiers(attach.getIdentifiers(), violations);
            case Subscribe subscribe -> subscription(subscribe, violations);
            case MergeInto merge -> identifier(merge.getSurvivorId(), "survivor_id", violations);
            case AbsorbProfile absorb -> identifier(absorb.getAbsorbed().getCustomerId(), "absorbed.customer_id", violations);
            case UndoMerge undo -> identifier(undo.getMergeId(), "merge_id", violations);
            case RestoreProfile restore -> {
                if (!Objects.equals(restore.getProfile().getCustomerId(), command.getCustomerId())) {
                    violations.add("a restored profile must be the command's customer");
                }
            }
            case null, default -> violations.add("unknown command " + command.getCommand());
        }
        return violations;
    }

    /**
     * What is wrong with the identifiers of an identity request, by the same rules as those of a command: the
     * resolver keys its index by each identifier, so an unbounded or control-character value must never reach it.
     */
    public List<String> identifierViolations(final List<Identifier> identifiers) {
        final List<String> violations = new ArrayList<>();
        identifiers(identifiers, violations);
        return violations;
    }

    private void identifiers(final List<Identifier> identifiers, final List<String> violations) {
        if (identifiers.isEmpty()) {
            violations.add("no identifiers");
        }
        for (final Identifier identifier : identifiers) {
            if (!IDENTIFIER_KINDS.contains(identifier.getKind())) {
                violations.add("unknown identifier kind '" + identifier.getKind() + "'");
            }
            identifier(identifier.getValue(), identifier.getKind(), violations);
            if (identifier.getName() != null) {
                name(identifier.getName(), "custom identifier name", violations);
            }
        }
    }

    private static void subscription(final Subscribe subscribe, final List<String> violations) {
        if (!CHANNELS.contains(subscribe.getChannel())) {
            violations.add("channel must be one of " + CHANNELS);
        }
        if (!SUBSCRIPTION_TYPES.contains(subscribe.getType())) {
            violations.add("type must be one of " + SUBSCRIPTION_TYPES);
        }
    }

    private void attributes(final UpsertAttributes upsert, final List<String> violations) {
        final Map<String, Object> attributes = upsert.getAttributes();
        if (attributes.size() > limits.maxFields()) {
            violations.add("more than " + limits.maxFields() + " attributes");
        }
        final long arrays = attributes.values().stream().filter(ItemList.class::isInstance).count();
        if (arrays > limits.maxArrayFields()) {
            violations.add("more than " + limits.maxArrayFields() + " array attributes");
        }
        attributes.forEach((name, value) -> {
            PropertyNames.violation(name).ifPresent(violations::add);
            if (value instanceof ItemList list) {
                items(list.getItems(), "attributes." + name, violations);
            } else {
                value(value, "attributes." + name, violations);
            }
        });
        upsert.getDeclaredTypes().forEach((name, label) -> {
            if (AttributeType.fromLabel(label).isEmpty()) {
                violations.add("declared type '" + label + "' of " + name + " is not one of " + AttributeType.LABELS);
            }
        });
    }

    private void event(final TrackEvent event, final List<String> violations) {
        if (event.getName().isBlank()) {
            violations.add("event name is blank");
        } else if (PropertyNames.characters(event.getName()) > limits.maxEventNameLength()) {
            violations.add("event name is longer than " + limits.maxEventNameLength() + " characters");
        } else if (ControlCharacters.in(event.getName())) {
            violations.add(ControlCharacters.message("event name"));
        }
        if (event.getData().size() > limits.maxEventFields()) {
            violations.add("event data has more than " + limits.maxEventFields() + " fields");
        }
        event.getData().forEach((name, value) -> {
            name(name, "event data field name", violations);
            value(value, "data." + name, violations);
        });
    }

    /** Items of an array field: an {@code id}, when present, must be a string or an integer, as customer ids are. */
    private void items(final List<ArrayItem> items, final String path, final List<String> violations) {
        for (int i = 0; i < items.size(); i++) {
            final String itemPath = path + "[" + i + "]";
            final Object id = items.get(i).getFields().get(ArrayItems.ID_FIELD);
            switch (id) {
                case null -> {
                    // No id: the item is appended.
                }
                case String s -> identifier(s, itemPath + ".id", violations);
                case Long ignored -> {
                    // An integer id is canonicalised to its decimal string.
                }
                default -> violations.add(itemPath + ".id must be a string or an integer");
            }
            items.get(i).getFields().forEach((field, value) -> value(value, itemPath + "." + field, violations));
        }
    }

    /** Text anywhere in a value is limited in length. */
    private void value(final Object value, final String path, final List<String> violations) {
        switch (value) {
            case String s when PropertyNames.characters(s) > limits.maxStringLength() ->
                    violations.add(path + " is longer than " + limits.maxStringLength() + " characters");
            case ScalarList list -> list.getItems().forEach(item -> value(item, path + "[]", violations));
            case ItemList list -> list.getItems().forEach(item ->
                    item.getFields().forEach((field, v) -> value(v, path + "[]." + field, violations)));
            case NestedItemList list -> {
                for (final NestedItem item : list.getItems()) {
                    item.getFields().forEach((field, v) -> value(v, path + "[]." + field, violations));
                }
            }
            case null, default -> {
                // Scalars within limits.
            }
        }
    }

    private void identifier(final String id, final String what, final List<String> violations) {
        Ids.problem(id, limits.maxCustomerIdLength()).ifPresent(problem -> violations.add(switch (problem) {
            case BLANK -> what + " is blank";
            case TOO_LONG -> what + " is longer than " + limits.maxCustomerIdLength() + " characters";
            case CONTROL_CHARACTERS -> ControlCharacters.message(what);
        }));
    }

    private void name(final String name, final String what, final List<String> violations) {
        if (name.isBlank()) {
            violations.add(what + " is blank");
        } else if (PropertyNames.characters(name) > limits.maxNameLength()) {
            violations.add(what + " '" + name.substring(0, 20) + "…' is longer than " + limits.maxNameLength() + " characters");
        } else if (ControlCharacters.in(name)) {
            violations.add(ControlCharacters.message(what));
        }
    }
}
