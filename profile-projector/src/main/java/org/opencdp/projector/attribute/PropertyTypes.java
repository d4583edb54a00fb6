package org.opencdp.projector.attribute;

import java.util.Optional;

import org.opencdp.avro.Attribute;
import org.opencdp.avro.Profile;

/**
 * Where the fold learns the current type of a property. Until the workspace catalog exists, a property's
 * type is the type of the value the profile holds ({@link #ON_PROFILE}); the catalog will answer for the
 * whole workspace and fall back to nothing else.
 */
@FunctionalInterface
public interface PropertyTypes {

    /** The type the profile's current value of {@code property} has; empty when it holds none. */
    PropertyTypes ON_PROFILE = (profile, property) -> Optional.ofNullable(profile.getAttributes().get(property))
            .map(Attribute::getValue)
            .map(value -> PropertyDefinition.of(AttributeType.of(value)));

    /** The definition a value written to {@code property} of {@code profile} must be coerced to, if any. */
    Optional<PropertyDefinition> definition(Profile profile, String property);
}
