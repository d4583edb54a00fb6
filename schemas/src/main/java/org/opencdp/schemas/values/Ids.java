package org.opencdp.schemas.values;

import java.util.Optional;

/**
 * The canonical-id rule (contract section 3), for customer ids, identifier values and array item ids: a string
 * id is kept as sent when it is not blank, at most a limit of characters ({@link Limits#maxCustomerIdLength()})
 * and free of control characters ({@link ControlCharacters}); an integer id becomes its decimal string, so
 * {@code 1} and {@code "1"} are one customer (or one item). ingest-api answers the route's 4xx for a broken id,
 * the projector dead-letters a command carrying one; each words the problem in its own message.
 */
public final class Ids {

    /** Why a string cannot be an id, in the order the rule checks. */
    public enum Problem { BLANK, TOO_LONG, CONTROL_CHARACTERS }

    private Ids() {
    }

    /** Characters as people count them: code points, so an emoji is one. */
    public static int characters(final String text) {
        return text.codePointCount(0, text.length());
    }

    /** The canonical id of an integer id: its decimal string. */
    public static String canonical(final long id) {
        return Long.toString(id);
    }

    /** Why {@code id} cannot be an id of at most {@code maxLength} characters; empty when it can. */
    public static Optional<Problem> problem(final String id, final int maxLength) {
        if (id.isBlank()) {
            return Optional.of(Problem.BLANK);
        }
        if (id.length() > maxLength && characters(id) > maxLength) {
            return Optional.of(Problem.TOO_LONG);
        }
        if (ControlCharacters.in(id)) {
            return Optional.of(Problem.CONTROL_CHARACTERS);
        }
        return Optional.empty();
    }
}
