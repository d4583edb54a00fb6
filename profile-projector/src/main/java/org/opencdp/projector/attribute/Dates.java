package org.opencdp.projector.attribute;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The date forms the contract accepts (section 4). ISO-8601 with a zone or {@code Z} is an instant;
 * {@code YYYY-MM-DD} is UTC midnight; a date-time without zone, {@code MM/DD/YYYY} and {@code YYYY/MM/DD}
 * are read in the workspace's time zone. {@code DD/MM/YYYY} is never guessed: {@code 31/12/2019} fails as
 * a month of 31.
 *
 * <p>Bounded: a text longer than {@value #MAX_LENGTH} characters (once stripped) is not a date and is never
 * matched, and every form has a four-digit year, so an instant is always between years 0 and 9999.
 */
final class Dates {

    /** The longest accepted form: {@code 2024-05-01T10:00:00.123456789+14:00}. */
    static final int MAX_LENGTH = 35;
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern ISO_DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern ZONED = Pattern.compile(".*(Z|[+-]\\d{2}:\\d{2})$");
    private static final Pattern US_DATE = Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4}");
    private static final Pattern SLASHED_DATE = Pattern.compile("\\d{4}/\\d{1,2}/\\d{1,2}");
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("uuuu/M/d").withResolverStyle(ResolverStyle.STRICT);

    private Dates() {
    }

    /** Whether {@code text} is an ISO date or date-time that parses: what makes a first value a date. */
    static boolean isIsoForm(final String text) {
        return text.length() <= 2 * MAX_LENGTH && iso(text.strip(), ZoneOffset.UTC).isPresent();
    }

    /** Any accepted form, local forms read in {@code zone}. */
    static Optional<Instant> parse(final String text, final ZoneId zone) {
        if (text.length() > 2 * MAX_LENGTH) {
            return Optional.empty();
        }
        final String value = text.strip();
        final Optional<Instant> iso = iso(value, zone);
        if (iso.isPresent()) {
            return iso;
        }
        if (US_DATE.matcher(value).matches()) {
            return localDate(value, US).map(d -> d.atStartOfDay(zone).toInstant());
        }
        if (SLASHED_DATE.matcher(value).matches()) {
            return localDate(value, SLASHED).map(d -> d.atStartOfDay(zone).toInstant());
        }
        return Optional.empty();
    }

    private static Optional<Instant> iso(final String value, final ZoneId zone) {
        if (value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            if (ISO_DATE.matcher(value).matches()) {
                return Optional.of(LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (!ISO_DATE_TIME.matcher(value).matches()) {
                return Optional.empty();
            }
            if (ZONED.matcher(value).matches()) {
                return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
            }
            return Optional.of(LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant());
        } catch (DateTimeException impossibleDate) {
            // The shape is right but the date does not exist (2022-02-30), or its offset does not (+99:00).
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> localDate(final String value, final DateTimeFormatter format) {
        try {
            return Optional.of(LocalDate.parse(value, format));
        } catch (DateTimeParseException impossibleDate) {
            // 31/12/2019 read as month 31, or 02/30/2020: not a date.
            return Optional.empty();
        }
    }
}
