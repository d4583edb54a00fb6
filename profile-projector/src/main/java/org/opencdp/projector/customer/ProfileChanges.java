package org.opencdp.projector.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.Profile;
import org.opencdp.projector.attribute.Coercion;
import org.opencdp.projector.attribute.TimeZones;
import org.opencdp.projector.attribute.CoercionResult;
import org.opencdp.projector.attribute.PropertyDefinition;

/**
 * Changes the catalog makes to stored profiles (docs/catalog.md): settling a provisional value once its
 * property's definition is decided, conforming a stored value to a definition an administrator changed, and
 * removing a deleted property. Pure: each returns the changed profile, or empty when nothing changes.
 * None of them is a command: the revision, update time and last request id stay as they are.
 */
public final class ProfileChanges {

    /** Most rejections a profile keeps: the newest. */
    public static final int MAX_KEPT_REJECTIONS = 100;

    private final TimeZones zones;

    /** Coerces in each profile's workspace's zone. */
    public ProfileChanges(final TimeZones zones) {
        this.zones = zones;
    }

    private Coercion coercion(final Profile profile) {
        return new Coercion(zones.of(profile.getWorkspaceId()));
    }

    /**
     * The value {@code pending} holds, written before {@code name} was decided, coerced to {@code definition}:
     * stored with the write's time and request id, or removed and recorded as a rejection. Empty when the
     * profile already holds exactly that (the write guessed the decided type).
     */
    public Optional<Profile> settle(final Profile profile, final String name, final PropertyDefinition definition,
                                    final PendingValue pending) {
        final Map<String, Attribute> attributes = new HashMap<>(profile.getAttributes());
        return switch (coercion(profile).coerce(definition, pending.getValue())) {
            case CoercionResult.Coerced coerced -> {
                final Attribute settled = new Attribute(coerced.value(), pending.getWrittenAt(), pending.getRequestId());
                if (settled.equals(attributes.get(name))) {
                    yield Optional.empty();
                }
                attributes.put(name, settled);
                yield Optional.of(with(profile, attributes, List.of()));
            }
            case CoercionResult.Uncoercible uncoercible -> {
                attributes.remove(name);
                yield Optional.of(with(profile, attributes, List.of(new AttributeRejection(name, render(pending.getValue()),
                        definition.type().label() + ": " + uncoercible.reason(), pending.getRequestId(),
                        pending.getWrittenAt()))));
            }
        };
    }

    /** The stored value of {@code name} converted to a changed {@code definition}, or removed (and recorded) when it cannot be. */
    public Optional<Profile> conform(final Profile profile, final String name, final PropertyDefinition definition,
                                     final Instant at) {
        final Attribute stored = profile.getAttributes().get(name);
        if (stored == null) {
            return Optional.empty();
        }
        final Map<String, Attribute> attributes = new HashMap<>(profile.getAttributes());
        return switch (coercion(profile).coerce(definition, Coercion.asRaw(stored.getValue()))) {
            case CoercionResult.Coerced coerced when coerced.value().equals(stored.getValue()) -> Optional.empty();
            case CoercionResult.Coerced coerced -> {
                attributes.put(name, new Attribute(coerced.value(), stored.getUpdatedAt(), stored.getRequestId()));
                yield Optional.of(with(profile, attributes, List.of()));
            }
            case CoercionResult.Uncoercible uncoercible -> {
                attributes.remove(name);
                yield Optional.of(with(profile, attributes, List.of(new AttributeRejection(name,
                        renderTyped(stored.getValue()), "the property became " + definition.type().label() + ": "
                        + uncoercible.reason(), stored.getRequestId(), at))));
            }
        };
    }

    /** The profile without {@code name}: the property was deleted from the catalog. */
    public Optional<Profile> unset(final Profile profile, final String name) {
        if (!profile.getAttributes().containsKey(name)) {
            return Optional.empty();
        }
        final Map<String, Attribute> attributes = new HashMap<>(profile.getAttributes());
        attributes.remove(name);
        return Optional.of(with(profile, attributes, List.of()));
    }

    private static Profile with(final Profile profile, final Map<String, Attribute> attributes,
                                final List<AttributeRejection> rejections) {
        final Profile changed = Profiles.copy(profile);
        changed.setAttributes(attributes);
        changed.setRejections(keepNewest(profile.getRejections(), rejections));
        return changed;
    }

    /** {@code kept} then {@code added}, without the oldest beyond {@link #MAX_KEPT_REJECTIONS}. */
    public static List<AttributeRejection> keepNewest(final List<AttributeRejection> kept, final List<AttributeRejection> added) {
        if (added.isEmpty()) {
            return kept;
        }
        final List<AttributeRejection> all = new ArrayList<>(kept);
        all.addAll(added);
        return List.copyOf(all.subList(Math.max(0, all.size() - MAX_KEPT_REJECTIONS), all.size()));
    }

    static List<ArrayItem> arrayItems(final Attribute attribute) {
        return attribute != null && attribute.getValue() instanceof ArrayValue array ? array.getItems() : List.of();
    }

    /** A value as sent, as text for a rejection. */
    static String render(final Object raw) {
        return raw instanceof String || raw instanceof Number || raw instanceof Boolean ? Coercion.text(raw) : String.valueOf(raw);
    }

    /** A stored value as text for a rejection. */
    static String renderTyped(final Object typedValue) {
        return render(Coercion.asRaw(typedValue));
    }
}
