package org.opencdp.schemas.serde;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.Profile;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;

/** Records exercising every branch of the command union and every raw value type. */
final class SampleRecords {

    static final Instant AT = Instant.parse("2024-03-01T10:15:30.123Z");

    static CustomerKey key() {
        return new CustomerKey("demo", "42");
    }

    /** One command of each kind, each with every raw value type its payload allows. */
    static List<CustomerCommand> commandOfEveryKind() {
        return List.of(
                command(0, new UpsertAttributes(rawValues(), Map.of("signed_up", "date"))),
                command(1, new UpsertArrayItems("orders", List.of(orderItem("o-1"), orderItem("o-2")))),
                command(2, new DeleteArrayItems("orders", List.of("o-1"))),
                command(3, new DeleteCustomer()),
                command(4, new TrackEvent("purchase", rawValues())));
    }

    static CustomerCommand command(final int index, final Object payload) {
        return CustomerCommand.newBuilder()
                .setCommandId("req-1:" + index)
                .setWorkspaceId("demo")
                .setCustomerId("42")
                .setRequestId("req-1")
                .setTimestamp(AT)
                .setSourceRoute("POST /customers")
                .setFamily(ApiFamily.RETAINLY)
                .setCommand(payload)
                .build();
    }

    /** null | boolean | long | double | string | ScalarList | ItemList, in a stable order. */
    private static Map<String, Object> rawValues() {
        final Map<String, Object> values = new LinkedHashMap<>();
        values.put("cleared", null);
        values.put("vip", true);
        values.put("visits", 42L);
        values.put("score", 9.75);
        values.put("plan", "pro");
        values.put("tags", new ScalarList(Arrays.asList("a", 1L, 2.5, false, null)));
        values.put("orders", new ItemList(List.of(orderItem("o-9"))));
        return values;
    }

    private static ArrayItem orderItem(final String id) {
        final Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("sku", "SKU-1");
        nested.put("sizes", new ScalarList(List.of("S", "M")));
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("qty", 2L);
        fields.put("price", 19.99);
        fields.put("gift", false);
        fields.put("note", null);
        fields.put("labels", new ScalarList(List.of("x")));
        fields.put("lines", new NestedItemList(List.of(new NestedItem(nested))));
        return new ArrayItem(fields);
    }

    private SampleRecords() {
    }

    /** A small profile: a text attribute with multi-byte characters, a number, its history position. */
    static Profile profile() {
        final Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
        return Profile.newBuilder().setWorkspaceId("acme").setCustomerId("c-1")
                .setAttributes(new HashMap<>(Map.of(
                        "plan", new Attribute(new StringValue("prö ✓ 𝄞"), at, "r-1"),
                        "visits", new Attribute(new IntegerValue(42L), at, "r-1"))))
                .setCreatedAt(at).setUpdatedAt(at).setLastRequestId("r-1").setRevision(7L)
                .setHistoryPosition(new HistoryPosition(at, 3L))
                .build();
    }
}
