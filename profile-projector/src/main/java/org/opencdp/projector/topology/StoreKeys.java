package org.opencdp.projector.topology;

import org.opencdp.avro.Identifier;
import org.opencdp.platform.streams.StoreKey;

/**
 * Keys of the projector's String-keyed stores: which ids each store joins, in the one encoding of
 * {@link StoreKey} (U+0000 between the parts, which no workspace id, property name or customer id contains:
 * validation refuses control characters), so a key's prefix selects exactly one workspace, or one property of
 * one workspace, for a prefix scan.
 */
public final class StoreKeys {

    private StoreKeys() {
    }

    /** catalog-store and catalog-decisions: one property of one workspace. */
    static String property(final String workspaceId, final String name) {
        return StoreKey.of(workspaceId, name);
    }

    /** Every key of a workspace in a store keyed by {@link #property} or {@link #pending}. */
    static String workspacePrefix(final String workspaceId) {
        return StoreKey.prefix(workspaceId);
    }

    /** pending-values: one customer's provisional value of one property. */
    static String pending(final String workspaceId, final String name, final String customerId) {
        return StoreKey.of(workspaceId, name, customerId);
    }

    /** Every pending value of one property. */
    static String propertyPrefix(final String workspaceId, final String name) {
        return StoreKey.prefix(workspaceId, name);
    }

    /** The customer id at the end of a {@link #pending} key. */
    static String customerOf(final String pendingKey) {
        return StoreKey.last(pendingKey);
    }

    /** applied-commands: one command of one workspace, for the idempotency window. */
    static String command(final String workspaceId, final String commandId) {
        return StoreKey.of(workspaceId, commandId);
    }

    /** identity-index: one identifier of one workspace. */
    public static String identifier(final String workspaceId, final Identifier identifier) {
        return StoreKey.of(workspaceId, String.valueOf(identifier.getKind()),
                identifier.getName() == null ? "" : identifier.getName(), identifier.getValue());
    }

    /** profile-identities: one profile of one workspace; merge-journals: one merge a profile survived. */
    public static String profile(final String workspaceId, final String profileId) {
        return StoreKey.of(workspaceId, profileId);
    }
}
