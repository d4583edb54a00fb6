package org.opencdp.projector.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.DeleteProperty;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.ProposeProperty;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.projector.attribute.PropertyNames;

/**
 * Decides one property's definition from the catalog commands for it, in log order. All commands for one
 * property share a partition, so this is the single place that decides it: the first proposal creates the
 * property and later proposals (first writes that raced it from other partitions) change nothing; an
 * administrator's definition replaces the type; a deletion removes it. Pure: no I/O.
 */
public final class CatalogDecider {

    /** Most values an enum property may define. */
    public static final int MAX_ENUM_VALUES = 1000;
    /** Longest enum value. */
    public static final int MAX_ENUM_VALUE_LENGTH = 1000;

    /**
     * @param key     the record's key, checked against the command's own workspace and name
     * @param current the property's definition before the command; empty when it has none
     */
    public CatalogDecision decide(final PropertyKey key, final CatalogCommand command,
                                  final Optional<PropertyDefinitionEntry> current) {
        final List<String> violations = violations(key, command);
        if (!violations.isEmpty()) {
            return new CatalogDecision.Rejected(String.join("; ", violations));
        }
        return switch (command.getCommand()) {
            case ProposeProperty propose -> current
                    .<CatalogDecision>map(existing -> new CatalogDecision.Unchanged(
                            "already defined as " + existing.getType()))
                    .orElseGet(() -> new CatalogDecision.Defined(created(command, propose.getType(), List.of())));
            case DefineProperty define -> define(command, define, current);
            case DeleteProperty ignored -> current.isPresent()
                    ? new CatalogDecision.Deleted()
                    : new CatalogDecision.Unchanged("no such property");
            default -> new CatalogDecision.Rejected("unknown catalog command " + command.getCommand());
        };
    }

    private static CatalogDecision define(final CatalogCommand command, final DefineProperty define,
                                          final Optional<PropertyDefinitionEntry> current) {
        if (current.isEmpty()) {
            return new CatalogDecision.Defined(created(command, define.getType(), define.getEnumValues()));
        }
        final PropertyDefinitionEntry existing = current.get();
        if (existing.getType().equals(define.getType()) && existing.getEnumValues().equals(define.getEnumValues())) {
            return new CatalogDecision.Unchanged("already defined so");
        }
        return new CatalogDecision.Defined(new PropertyDefinitionEntry(existing.getWorkspaceId(), existing.getName(),
                define.getType(), List.copyOf(define.getEnumValues()), existing.getCreatedAt(),
                existing.getCreatedByRoute(), existing.getCreatedByRequestId(), command.getTimestamp(),
                existing.getVersion() + 1));
    }

    private static PropertyDefinitionEntry created(final CatalogCommand command, final String type,
                                                   final List<String> enumValues) {
        return new PropertyDefinitionEntry(command.getWorkspaceId(), command.getName(), type, List.copyOf(enumValues),
                command.getTimestamp(), command.getSourceRoute(), command.getRequestId(), command.getTimestamp(), 1L);
    }

    private static List<String> violations(final PropertyKey key, final CatalogCommand command) {
        final List<String> violations = new ArrayList<>();
        if (key == null) {
            violations.add("the record has no key");
        } else if (!Objects.equals(key.getWorkspaceId(), command.getWorkspaceId())
                || !Objects.equals(key.getName(), command.getName())) {
            violations.add("the key names " + key.getWorkspaceId() + "/" + key.getName()
                    + " but the command " + command.getWorkspaceId() + "/" + command.getName());
        }
        if (command.getWorkspaceId().isBlank()) {
            violations.add("workspace_id is blank");
        }
        PropertyNames.violation(command.getName()).ifPresent(violations::add);
        switch (command.getCommand()) {
            case ProposeProperty propose -> type(propose.getType(), List.of(), violations);
            case DefineProperty define -> type(define.getType(), define.getEnumValues(), violations);
            case null, default -> {
                // Deletions carry nothing else; unknown commands are rejected by decide.
            }
        }
        return violations;
    }

    private static void type(final String label, final List<String> enumValues, final List<String> violations) {
        final Optional<AttributeType> type = AttributeType.fromLabel(label);
        if (type.isEmpty()) {
            violations.add("type '" + label + "' is not one of " + AttributeType.LABELS);
            return;
        }
        if (type.get() == AttributeType.ENUM) {
            if (enumValues.isEmpty() || enumValues.size() > MAX_ENUM_VALUES) {
                violations.add("an enum needs 1 to " + MAX_ENUM_VALUES + " values");
            }
            if (new HashSet<>(enumValues).size() != enumValues.size()) {
                violations.add("enum values repeat");
            }
            if (enumValues.stream().anyMatch(v -> v.isEmpty() || v.length() > MAX_ENUM_VALUE_LENGTH)) {
                violations.add("an enum value is empty or longer than " + MAX_ENUM_VALUE_LENGTH + " characters");
            }
        } else if (!enumValues.isEmpty()) {
            violations.add("only an enum property has enum values");
        }
    }
}
