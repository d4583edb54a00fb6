package org.opencdp.projector.catalog;

import java.util.Optional;

import org.opencdp.projector.attribute.PropertyDefinition;

/**
 * A workspace's property catalog as the fold sees it: the decided definition of a property, if there is one
 * yet. A property written before its definition is decided is stored provisionally and settled when the
 * definition arrives (see docs/catalog.md).
 */
@FunctionalInterface
public interface Catalog {

    Optional<PropertyDefinition> definition(String workspaceId, String property);
}
