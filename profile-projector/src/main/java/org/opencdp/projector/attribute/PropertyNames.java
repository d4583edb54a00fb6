package org.opencdp.projector.attribute;

import java.util.Optional;

import org.opencdp.schemas.values.ControlCharacters;
import org.opencdp.schemas.values.Ids;
import org.opencdp.schemas.values.Limits;

/**
 * What a property name may be (contract section 4): 1 to 200 characters, case-sensitive, kept as sent.
 * Control characters are refused: store keys join workspace, property and customer with U+0000.
 */
public final class PropertyNames {

    public static final int MAX_LENGTH = Limits.DEFAULTS.maxNameLength();

    private PropertyNames() {
    }

    /** Length as users count it: code points, so an emoji is one character (as ingest-api counts). */
    public static int characters(final String text) {
        return Ids.characters(text);
    }

    /** Why {@code name} cannot name a property; empty when it can. */
    public static Optional<String> violation(final String name) {
        if (name.isBlank()) {
            return Optional.of("property name is blank");
        }
        if (characters(name) > MAX_LENGTH) {
            return Optional.of("property name '" + name.substring(0, 20) + "…' is longer than " + MAX_LENGTH + " characters");
        }
        if (ControlCharacters.in(name)) {
            return Optional.of("property name '" + name.replaceAll("\\p{Cntrl}", "?") + "' has control characters");
        }
        return Optional.empty();
    }
}
