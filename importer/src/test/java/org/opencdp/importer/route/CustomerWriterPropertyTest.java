package org.opencdp.importer.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.opencdp.importer.source.RawRow;

/**
 * The customers route's direct writer against the tree path it replaces on CSV imports ({@link RowConverter} and
 * Jackson): for any header, catalog, null marker and run of rows, the same reasons, in the same order, and for
 * a row that is sent the same bytes and the same lane. Batch bodies must not change: reruns of an import
 * interrupted under the tree path deduplicate only if every body is the same byte for byte.
 */
class CustomerWriterPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TYPES = List.of("integer", "number", "boolean", "string", "date", "enum",
            "collection", "array");

    /** A header, a catalog over some of its columns, a null marker, and rows of cells in the header's order. */
    record Import(List<String> header, Map<String, Catalog.Property> catalog, String nullMarker,
                  List<List<String>> rows, List<Boolean> readerProblem) {
    }

    @Property(tries = 1000)
    void shouldWriteTheSameBytesAndReasonsAsTheTreeOfNodes(@ForAll("imports") final Import given) throws Exception {
        // Given the tree path and the direct writer over the same header, catalog and null marker
        final Catalog catalog = new Catalog(given.catalog());
        final RowConverter oracle = new RowConverter(Route.CUSTOMERS, catalog, given.nullMarker());
        final CustomerWriter writer = new CustomerWriter(given.header(), catalog, given.nullMarker());
        final JsonBytes out = new JsonBytes();
        for (int r = 0; r < given.rows().size(); r++) {
            final List<String> cells = given.rows().get(r);
            final List<String> readerProblems = given.readerProblem().get(r) ? List.of("a quoted cell is not closed") : List.of();
            final Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                values.put(given.header().get(i), cells.get(i));
            }

            // When each row goes through both, in file order (a column's first value types it in both)
            final RowConverter.Converted expected = oracle.convert(new RawRow(r + 2, values, readerProblems));
            final List<String> problems = writer.write(cells.toArray(String[]::new), new ArrayList<>(readerProblems), out);

            net.jqwik.api.statistics.Statistics.label("rows").collect(expected.problems().isEmpty() ? "sent" : "refused");
            // Then both refuse it for the same reasons, or both send the same bytes in the same lane
            assertThat(problems).as("row %d: %s", r, cells).isEqualTo(expected.problems());
            if (expected.problems().isEmpty()) {
                assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).as("row %d", r)
                        .isEqualTo(new String(JSON.writeValueAsBytes(expected.item()), StandardCharsets.UTF_8));
                assertThat(out.toByteArray()).isEqualTo(JSON.writeValueAsBytes(expected.item()));
                assertThat(lane(writer.laneKey()))
                        .isEqualTo(lane(expected.item().get("id").asText()));
            }
        }
    }

    @Property
    void shouldMatchIntegersAsTheirPatternDoes(@ForAll("integerish") final String text) {
        assertThat(Cells.isInteger(text)).isEqualTo(java.util.regex.Pattern.matches("-?(0|[1-9][0-9]*)", text));
    }

    @Provide
    Arbitrary<String> integerish() {
        return Arbitraries.strings().withChars("-0123456789a+. ").ofMaxLength(6);
    }

    private static int lane(final String id) {
        return Math.floorMod(id.strip().toLowerCase(java.util.Locale.ROOT).hashCode(), 8);
    }

    @Provide
    Arbitrary<Import> imports() {
        final Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("first_name", "age", "score", "vip", "plan", "note", "signup_date", "customer_id",
                        "na\"me", "back\\slash", "größe", "名前", "emoji😀"),
                text(1, 12).filter(s -> !s.isBlank() && !s.strip().equals("id")),
                Arbitraries.just("x".repeat(201)));
        return names.list().ofMaxSize(5).uniqueElements().flatMap(others -> {
            final Arbitrary<List<String>> header = Arbitraries.integers().between(0, others.size())
                    .map(at -> {
                        final List<String> columns = new ArrayList<>(others.stream().map(String::strip).distinct()
                                .filter(n -> !n.equals("id")).toList());
                        columns.add(Math.min(at, columns.size()), "id");
                        return columns;
                    });
            return header.flatMap(columns -> {
                final Arbitrary<Map<String, Catalog.Property>> catalog = Arbitraries.of(TYPES).injectNull(0.75)
                        .list().ofSize(columns.size()).map(types -> {
                            final Map<String, Catalog.Property> properties = new LinkedHashMap<>();
                            for (int i = 0; i < columns.size(); i++) {
                                if (types.get(i) != null && !columns.get(i).equals("id")) {
                                    properties.put(columns.get(i), new Catalog.Property(types.get(i), List.of("gold", "Silver", "é")));
                                }
                            }
                            return properties;
                        });
                final Arbitrary<List<List<String>>> rows = cell().list().ofSize(columns.size()).list().ofMinSize(1).ofMaxSize(8);
                return Combinators.combine(catalog, Arbitraries.of("NULL", "").injectNull(0.5), rows,
                                Arbitraries.of(true, false, false, false, false).list().ofSize(8))
                        .as((c, marker, r, problems) -> new Import(columns, c, marker == null || marker.isEmpty() ? null : marker, r, problems));
            });
        });
    }

    /** Cells as files hold them: numbers of every shape, booleans, dates, empty, the null marker, and any text. */
    private static Arbitrary<String> cell() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of("", " ", "NULL", "null", "0", "-0", "007", "42", " 42 ", "-17",
                        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "123456789012345678",
                        "1.50", "-0.0", "0.1", "1e5", "2E-3", "1e400", "-1.5e+10", "3.", ".5", "1,5",
                        "true", "FALSE", "True", "yes", "Y", "n", "No", "1", "yeſ",
                        "2024-01-31", "12/31/2019", "31/12/2019", "2024-01-31T10:00:00Z", "gold", "Silver", "silver",
                        "[]", "[{\"a\":1}]", "[{\"a\":1.50,\"b\":\"x\"}]", "[1, 2]", "{\"a\":1}", "[", "é".repeat(1001),
                        "a".repeat(1000), "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "cr\rlf")),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bigDecimals().map(java.math.BigDecimal::toString)),
                net.jqwik.api.Tuple.of(4, text(0, 20)));
    }

    /** Any text: control characters, quotes, backslashes, any plane (pairs of surrogates), even a lone surrogate. */
    private static Arbitrary<String> text(final int min, final int max) {
        final Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0x1F)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((int) '"', (int) '\\', 0x7F, 0x85, 0xA0, 0x2028, 0x3000, 0xFEFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xD7FF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xD800, 0xDFFF)));
        return codePoint.list().ofMinSize(min).ofMaxSize(max)
                .map(cps -> cps.stream().map(Character::toString).collect(Collectors.joining()));
    }
}
