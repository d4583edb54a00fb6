package org.opencdp.schemas.values;

import java.util.regex.Pattern;

/**
 * Phone identifiers (contract section 3) are E.164: a plus, then 8 to 15 digits. The one rule: ingest-api
 * refuses a phone that is not with the route's 4xx, the projector's {@code GET /customers?phone=} answers 400.
 */
public final class PhoneNumbers {

    /** E.164: a plus, then 8 to 15 digits. */
    public static final Pattern E164 = Pattern.compile("\\+[0-9]{8,15}");

    private PhoneNumbers() {
    }

    /** Whether {@code phone} is an E.164 number; false for null. */
    public static boolean isE164(final String phone) {
        return phone != null && E164.matcher(phone).matches();
    }
}
