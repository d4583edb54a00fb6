package org.opencdp.projector.topology;

import org.opencdp.avro.Identifier;

/**
 * Keys of the projector's String-keyed stores. Parts are joined with U+0000, which no workspace id, property
 * name or customer id contains (validation refuses control characters), so a key's prefix selects exactly
 * one workspace, or one property of one workspace, for a prefix scan.
 */
public final class StoreKeys {

    private static final char SEPARATOR = '\u0000';

    private StoreKeys() {
    }

    /** catalog-store and catalog-decisions: one property of one workspace. */
    static String property(final String workspaceId, final String name) {
        return workspaceId + SEPARATOR + name;
    }

    /** Every key of a workspace in a store keyed by {@link #property} or {@link #pending}. */
    static String workspacePrefix(final String workspaceId) {
        return workspaceId + SEPARATOR;
    }

    /** pending-values: one customer's provisional value of one property. */
    static String pending(final String workspaceId, final String name, final String customerId) {
        return propertyPrefix(workspaceId, name) + customerId;
    }

    /** Every pending value of one property. */
    static String propertyPrefix(final String workspaceId, final String name) {
        return property(workspaceId, name) + SEPARATOR;
    }

    /** The customer id at the end of a {@link #pending} key. */
    static String customerOf(final String pendingKey) {
        return pendingKey.substring(pendingKey.lastIndexOf(SEPARATOR) + 1);
    }

    /** applied-commands: one command of one workspace, for the idempotency window. */
    static String command(final String workspaceId, final String commandId) {
        return workspaceId + SEPARATOR + commandId;
    }

    /** identity-index: one identifier of one workspace. */
    public static String identifier(final String workspaceId, final Identifier identifier) {
        return workspaceId + SEPARATOR + identifier.getKind() + SEPARATOR
                + (identifier.getName() == null ? "" : identifier.getName()) + SEPARATOR + identifier.getValue();
    }

    /** profile-identities: one profile of one workspace; merge-journals: one merge a profile survived. */
    static String profile(final String workspaceId, final String profileId) {
        return workspaceId + SEPARATOR + profileId;
    }
}
