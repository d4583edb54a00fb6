package org.opencdp.projector.segment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.segment.SegmentFixtures.PARSER;

/** Whatever JSON a caller sends, the parser answers a definition or its problems: never an exception. */
class SegmentParserProperties {

    private static final String[] KEYS = {"name", "match", "conditions", "attribute", "op", "value", "duration", "event",
            "count", "within", "segment", "x"};
    private static final Object[] SCALARS = {"all", "any", "eq", "ne", "gt", "gte", "lt", "lte", "exists", "not_exists",
            "contains", "in", "within_last", "within_next", "before_last", "not_in", "plan", "renewal", "tags", "orders",
            "spent", "vip", "tier", "cart", "P30D", "P401D", "PT0S", "-P1D", "P", "", "\u0000", "\uD83D\uDE00".repeat(201),
            "2024-05-01", "1e999999999", 3L, -1L, Long.MAX_VALUE, 2.5, Double.MAX_VALUE, true, false, null,
            new BigDecimal("1e999999999"), new BigDecimal("-1e-999999999"), BigInteger.TEN.pow(500)};

    @Property(tries = 1000)
    void parsingAnyTreeGivesADefinitionOrItsProblemsNeverAnException(@ForAll final Random random) {
        final Object tree = random.nextInt(10) == 0 ? value(random, 0) : object(random, 0);
        final SegmentParser.Parsed parsed = PARSER.parse("s1", tree, Map.of());
        if (parsed instanceof SegmentParser.Parsed.Invalid invalid) {
            assertThat(invalid.problems()).isNotEmpty().hasSizeLessThanOrEqualTo(SegmentLimits.MAX_PROBLEMS + 1);
        }
    }

    private static Map<String, Object> object(final Random random, final int depth) {
        final Map<String, Object> object = new HashMap<>();
        final int n = random.nextInt(1, 6);
        for (int i = 0; i < n; i++) {
            final String key = KEYS[random.nextInt(KEYS.length)];
            object.put(key, key.equals("conditions") && random.nextBoolean() ? list(random, depth + 1) : value(random, depth + 1));
        }
        return object;
    }

    private static List<Object> list(final Random random, final int depth) {
        final List<Object> list = new ArrayList<>();
        final int n = random.nextInt(0, depth > 6 ? 2 : 5);
        for (int i = 0; i < n; i++) {
            list.add(random.nextBoolean() ? object(random, depth + 1) : value(random, depth + 1));
        }
        return list;
    }

    private static Object value(final Random random, final int depth) {
        final int kind = depth > 8 ? 2 : random.nextInt(6);
        return switch (kind) {
            case 0 -> object(random, depth);
            case 1 -> list(random, depth);
            default -> SCALARS[random.nextInt(SCALARS.length)];
        };
    }
}
