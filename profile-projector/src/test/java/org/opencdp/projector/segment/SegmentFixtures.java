package org.opencdp.projector.segment;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opencdp.avro.Attribute;
import org.opencdp.avro.Profile;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.catalog.Catalog;
import org.opencdp.projector.customer.Profiles;
import org.opencdp.schemas.values.AttributeType;

import static org.assertj.core.api.Assertions.assertThat;

/** The segment tests' workspace: its catalog, definitions parsed against it, and profiles holding typed values. */
final class SegmentFixtures {

    static final String WORKSPACE = "demo";
    static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    /** The catalog: one property of each type, named for what it holds. */
    static final Map<String, AttributeType> PROPERTIES = Map.ofEntries(
            Map.entry("plan", AttributeType.STRING),
            Map.entry("orders", AttributeType.INTEGER),
            Map.entry("spent", AttributeType.NUMBER),
            Map.entry("vip", AttributeType.BOOLEAN),
            Map.entry("renewal", AttributeType.DATE),
            Map.entry("signed_up", AttributeType.DATE),
            Map.entry("tags", AttributeType.COLLECTION),
            Map.entry("cart", AttributeType.ARRAY),
            Map.entry("tier", AttributeType.ENUM));

    static final Catalog CATALOG = (workspace, property) -> Optional.ofNullable(PROPERTIES.get(property))
            .filter(type -> WORKSPACE.equals(workspace))
            .map(type -> new PropertyDefinition(type, type == AttributeType.ENUM ? List.of("gold", "silver") : List.of()));

    static final SegmentParser PARSER = new SegmentParser(WORKSPACE, CATALOG, ZoneOffset.UTC);

    private SegmentFixtures() {
    }

    /** {@code tree} parsed as segment {@code id}, which must be valid. */
    static SegmentDefinition segment(final String id, final Map<String, Object> tree, final Map<String, SegmentDefinition> others) {
        final SegmentParser.Parsed parsed = PARSER.parse(id, tree, others);
        assertThat(parsed).isInstanceOf(SegmentParser.Parsed.Valid.class);
        return ((SegmentParser.Parsed.Valid) parsed).definition();
    }

    static SegmentDefinition segment(final Map<String, Object> tree) {
        return segment("s1", tree, Map.of());
    }

    /** A definition tree: {@code {"name","match","conditions"}}. */
    static Map<String, Object> definition(final String match, final Object... conditions) {
        return Map.of("name", "Test segment", "match", match, "conditions", List.of(conditions));
    }

    static Map<String, Object> group(final String match, final Object... conditions) {
        return Map.of("match", match, "conditions", List.of(conditions));
    }

    static Map<String, Object> attribute(final String name, final String op, final Object value) {
        return Map.of("attribute", name, "op", op, "value", value);
    }

    static Map<String, Object> attribute(final String name, final String op) {
        return Map.of("attribute", name, "op", op);
    }

    static Map<String, Object> relative(final String name, final String op, final String duration) {
        return Map.of("attribute", name, "op", op, "duration", duration);
    }

    static Map<String, Object> events(final String event, final String op, final long count, final String within) {
        return Map.of("event", event, "op", op, "count", count, "within", within);
    }

    static Map<String, Object> member(final String segment, final String op) {
        return Map.of("segment", segment, "op", op);
    }

    /** A profile of customer c1 holding {@code values} (typed values: StringValue, DateValue, …). */
    static Profile profile(final Map<String, Object> values) {
        final Profile profile = Profiles.fresh(WORKSPACE, "c1", NOW.minusSeconds(86_400), List.of());
        final Map<String, Attribute> attributes = new HashMap<>();
        values.forEach((name, value) -> attributes.put(name, new Attribute(value, NOW.minusSeconds(3_600), "r1")));
        profile.setAttributes(attributes);
        return profile;
    }
}
