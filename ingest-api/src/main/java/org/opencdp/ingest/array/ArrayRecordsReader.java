package org.opencdp.ingest.array;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.ScalarList;
import org.opencdp.ingest.identity.CanonicalIds;
import org.opencdp.ingest.value.Batch;
import org.opencdp.ingest.value.BodyReader;
import org.opencdp.ingest.value.EncodedSize;
import org.opencdp.schemas.values.Limits;
import org.opencdp.ingest.value.ListField;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.RawValues;
import org.opencdp.schemas.values.Violations;

/**
 * Reads and validates the Retainly array routes' bodies, {@code {"records":[{"customer_id","field",…}]}}: 1 to
 * {@link Limits#maxRecords()} records, each naming a customer ({@link CanonicalIds}) and an array field (a
 * name as {@link RawValues#name} allows). {@code POST /arrays} records carry {@code data}, a non-empty list of
 * items ({@link RawValues#item}: an optional string or integer {@code id}, values that are scalars, arrays of
 * scalars or arrays of objects one level deep, never objects); {@code DELETE /arrays} records carry
 * {@code ids}, a non-empty list of item ids. Every violation is collected, located from the body
 * ({@code records.3.data.0.x}).
 */
public final class ArrayRecordsReader extends BodyReader {

    static final String RECORDS = "records";
    static final String CUSTOMER_ID = "customer_id";
    static final String FIELD = "field";
    static final String DATA = "data";
    static final String IDS = "ids";

    private final ListField records;
    private final CanonicalIds itemIds;

    public ArrayRecordsReader(final Limits limits) {
        super(limits);
        this.records = new ListField(RECORDS, limits.maxRecords());
        this.itemIds = CanonicalIds.items(limits.maxCustomerIdLength());
    }

    /** A {@code POST /arrays} body. */
    public Batch<ArrayItemsUpsert> upserts(final JsonNode body) {
        return records(body, DATA, values::item, ItemList::new, ArrayItemsUpsert::new);
    }

    /** A {@code DELETE /arrays} body. */
    public Batch<ArrayItemsDeletion> deletions(final JsonNode body) {
        return records(body, IDS, itemIds::canonical, ids -> new ScalarList(new ArrayList<>(ids)),
                ArrayItemsDeletion::new);
    }

    /** Reads one element of a record's list. */
    @FunctionalInterface
    private interface Element<E> {
        E read(JsonNode node, Path at, Violations violations);
    }

    /** A valid record: its customer, field and elements. */
    @FunctionalInterface
    private interface Record<E, R> {
        R of(String customerId, String field, List<E> elements);
    }

    /**
     * The records of a body: each a customer id, a field and a non-empty list {@code listName} of elements read
     * by {@code element}, whose encoded form ({@code encoded}) must fit the limit.
     */
    private <E, R> Batch<R> records(final JsonNode body, final String listName, final Element<E> element,
                                    final Function<List<E>, Object> encoded, final Record<E, R> record) {
        final Violations violations = new Violations();
        final List<R> read = new ArrayList<>();
        forEachObject(records.read(body, violations), records.at(), "A record should be a JSON object", violations,
                (node, at) -> {
            final int before = violations.count();
            final String customerId = customerIds.canonical(node.get(CUSTOMER_ID), at.field(CUSTOMER_ID), violations);
            final String field = field(node.get(FIELD), at.field(FIELD), violations);
            final List<E> elements = new ArrayList<>();
            final JsonNode list = list(node.get(listName), at.field(listName), violations);
            for (int i = 0; list != null && i < list.size(); i++) {
                elements.add(element.read(list.get(i), at.field(listName).index(i), violations));
            }
            if (violations.count() == before
                    && fits(EncodedSize.ofValue(encoded.apply(elements)), at, "A record ", violations)) {
                read.add(record.of(customerId, field, elements));
            }
        });
        return Batch.of(read, violations);
    }

    private String field(final JsonNode node, final Path at, final Violations violations) {
        final JsonNode text = present(node, JsonNode::isTextual, at, "string_type", "Input should be a valid string",
                violations);
        if (text == null) {
            return null;
        }
        values.name(text.textValue(), at, violations);
        return text.textValue();
    }

    /** A required, non-empty list. */
    private static JsonNode list(final JsonNode node, final Path at, final Violations violations) {
        final JsonNode list = present(node, JsonNode::isArray, at, "list_type", "Input should be a valid list",
                violations);
        if (list != null && list.isEmpty()) {
            violations.add(at, "too_short", "List should have at least 1 item, not 0");
            return null;
        }
        return list;
    }

    /**
     * A record's required member: null after recording that it is missing or, JSON null included, not of the
     * {@code shape} the code names.
     */
    private static JsonNode present(final JsonNode node, final Predicate<JsonNode> shape, final Path at,
                                    final String code, final String message, final Violations violations) {
        if (node == null) {
            violations.add(at, "missing", "Field required");
            return null;
        }
        if (!shape.test(node)) {
            violations.add(at, code, message);
            return null;
        }
        return node;
    }
}
