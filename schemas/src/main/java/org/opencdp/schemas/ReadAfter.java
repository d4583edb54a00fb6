package org.opencdp.schemas;

import java.util.ArrayList;
import java.util.List;

/**
 * What a read waits for: the {@code X-Consistency-Token} of any write, as a read accepts it in {@code ?after=} or
 * in the {@code X-Consistency-Token} request header. A token holds {@code customer-commands} pairs
 * ({@code 0:41,2:17}, a Retainly or Retently write), {@code identity-commands} pairs ({@code identity:3:17}, an
 * identity-routed write: the Attentive routes), or both, comma-separated in any order; each part follows
 * {@link ConsistencyToken}'s grammar.
 *
 * @param customer the customer-commands positions; {@link ConsistencyToken#NONE} when it names none
 * @param identity the identity-commands positions; {@link ConsistencyToken#NONE} when it names none
 */
public record ReadAfter(ConsistencyToken customer, ConsistencyToken identity) {

    /** The header a write answers its token in, and a read may send it in. */
    public static final String HEADER = "X-Consistency-Token";

    /** No token: read what is there. */
    public static final ReadAfter NONE = new ReadAfter(ConsistencyToken.NONE, ConsistencyToken.NONE);

    /**
     * Reads a token as a write answered it; null or empty waits for nothing.
     *
     * @throws IllegalArgumentException naming what is wrong, for the caller's 400
     */
    public static ReadAfter parse(final String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        final List<String> customer = new ArrayList<>();
        final List<String> identity = new ArrayList<>();
        for (final String entry : text.split(",", -1)) {
            if (entry.startsWith(ConsistencyToken.IDENTITY_PREFIX)) {
                identity.add(entry.substring(ConsistencyToken.IDENTITY_PREFIX.length()));
            } else {
                customer.add(entry);
            }
        }
        return new ReadAfter(part(customer), part(identity));
    }

    /**
     * The token a read was given: {@code ?after=} when present, else the {@code X-Consistency-Token} request
     * header. Both given and different is a 400: which one was meant cannot be known.
     *
     * @throws IllegalArgumentException naming what is wrong, for the caller's 400
     */
    public static ReadAfter of(final String after, final String header) {
        if (after != null && header != null && !after.equals(header)) {
            throw new IllegalArgumentException("?after= and the X-Consistency-Token header name different writes; send one");
        }
        return parse(after != null ? after : header);
    }

    private static ConsistencyToken part(final List<String> entries) {
        return entries.isEmpty() ? ConsistencyToken.NONE : ConsistencyToken.parse(String.join(",", entries));
    }

    public boolean isEmpty() {
        return customer.isEmpty() && identity.isEmpty();
    }

    /** The token in its wire form, to pass on with a forwarded query: customer pairs, then identity pairs. */
    public String format() {
        final String customerPart = customer.format();
        final String identityPart = identity.formatIdentity();
        return customerPart.isEmpty() ? identityPart
                : identityPart.isEmpty() ? customerPart : customerPart + "," + identityPart;
    }

    @Override
    public String toString() {
        return format();
    }
}
