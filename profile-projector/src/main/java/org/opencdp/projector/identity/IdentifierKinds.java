package org.opencdp.projector.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.opencdp.avro.Identifier;

/**
 * The kinds of identifier a profile has (contract section 3) and how a new profile is named after them. Pure.
 */
public final class IdentifierKinds {

    public static final String CUSTOMER_ID = "customer_id";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String CUSTOM = "custom";

    private IdentifierKinds() {
    }

    /** The customer-id identifier every profile created by its customer id has. */
    public static Identifier customerId(final String id) {
        return new Identifier(CUSTOMER_ID, null, id);
    }

    /**
     * The id of a profile the resolver creates for these identifiers: the customer id when there is one, else the
     * email (as Retently subscribers always were), else the phone, else {@code <name>:<value>} of the first custom
     * identifier.
     */
    public static String newProfileId(final List<Identifier> identifiers) {
        for (final String kind : List.of(CUSTOMER_ID, EMAIL, PHONE)) {
            for (final Identifier identifier : identifiers) {
                if (kind.equals(identifier.getKind())) {
                    return identifier.getValue();
                }
            }
        }
        final Identifier first = identifiers.getFirst();
        return first.getName() + ":" + first.getValue();
    }

    /** {@code existing} followed by those of {@code added} it does not hold yet. */
    public static List<Identifier> union(final List<Identifier> existing, final List<Identifier> added) {
        final Set<Identifier> all = new LinkedHashSet<>(existing);
        all.addAll(added);
        return new ArrayList<>(all);
    }

    /** {@code identifiers} without those in {@code removed}. */
    public static List<Identifier> without(final List<Identifier> identifiers, final List<Identifier> removed) {
        return identifiers.stream().filter(i -> removed.stream().noneMatch(r -> same(i, r))).toList();
    }

    public static boolean same(final Identifier a, final Identifier b) {
        return a.getKind().equals(b.getKind()) && Objects.equals(a.getName(), b.getName())
                && a.getValue().equals(b.getValue());
    }
}
