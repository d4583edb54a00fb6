package org.opencdp.schemas.values;

/**
 * Control characters are refused in every name and id a command carries: customer ids, identifier values
 * (email, phone, custom identifier names and values, {@code clientUserId}), property names and labels, event
 * names, array item ids. The projector's stores join names and ids into keys with U+0000, and a control
 * character in an id is never what a caller meant. One rule: ingest-api refuses such a request with the
 * route's 4xx, the projector dead-letters such a command produced straight to its topic.
 *
 * <p>The control characters are those of {@link Character#isISOControl}: U+0000 to U+001F, U+007F, and the
 * C1 range U+0080 to U+009F. Values (attribute texts, event data) may hold them: they are data.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Whether {@code text} holds a control character. */
    public static boolean in(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** A message for {@code what} ("A customer id", "An event name") holding a control character. */
    public static String message(final String what) {
        return what + " may not hold control characters (U+0000 to U+001F, U+007F to U+009F)";
    }
}
