package org.opencdp.devstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.opencdp.avro.AbsorbProfile;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.AttributeCondition;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.DeleteProperty;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.EventTrigger;
import org.opencdp.avro.FilterCondition;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.MergeUndone;
import org.opencdp.avro.NestedItem;
import org.opencdp.avro.NestedItemList;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.ProfileRegistered;
import org.opencdp.avro.ProfileReleased;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.ProposeProperty;
import org.opencdp.avro.RestoreProfile;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.SignUpSource;
import org.opencdp.avro.SignUpSourceKey;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UndoMerge;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.avro.Webhook;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;
import org.opencdp.schemas.serde.SchemaRegistry;

/**
 * Records produced straight to the services' input topics, as an upstream producer or a broken client could:
 * valid Avro (built from the generated classes) with adversarial content, and records that are not Avro at
 * all (garbage, a wrong magic byte, a schema id the registry does not know, truncated Avro, empty values).
 * Every record carries a {@code cdp.request-id} header, so its dead letter can be matched to it.
 */
final class FuzzRecords {

    /** What one produced record is, for the closing counts. */
    enum Kind { VALID_AVRO, GARBAGE, WRONG_MAGIC, UNKNOWN_SCHEMA_ID, TRUNCATED, EMPTY, TOMBSTONE }

    record Produced(Kind kind, ProducerRecord<byte[], byte[]> record) {
    }

    /** The input topics and, per topic, the Avro records to fuzz them with. */
    static final List<String> INPUT_TOPICS = List.of(Topics.CUSTOMER_COMMANDS.name(), Topics.IDENTITY_COMMANDS.name(),
            Topics.CATALOG_COMMANDS.name(), Topics.ENRICHED_EVENTS.name(), Topics.WORKFLOWS.name(),
            Topics.SIGN_UP_SOURCES.name());

    private static final String WORKSPACE = "demo";

    private final FuzzValues v;
    private final SchemaRegistry registry;
    private final String runTag;
    private int sequence;

    FuzzRecords(final FuzzValues values, final SchemaRegistry registry, final String runTag) {
        this.v = values;
        this.registry = registry;
        this.runTag = runTag;
    }

    /** The next record for {@code topic}. */
    Produced next(final String topic) {
        final String requestId = "fz-rec-" + runTag + "-" + (sequence++);
        final int roll = v.nextInt(100);
        final Kind kind = roll < 72 ? Kind.VALID_AVRO : roll < 80 ? Kind.GARBAGE : roll < 85 ? Kind.WRONG_MAGIC
                : roll < 90 ? Kind.UNKNOWN_SCHEMA_ID : roll < 95 ? Kind.TRUNCATED : roll < 97 ? Kind.EMPTY : Kind.TOMBSTONE;
        final byte[][] kv = switch (topic) {
            case "customer-commands" -> encode(Topics.CUSTOMER_COMMANDS, customerKey(), customerCommand(requestId));
            case "identity-commands" -> encode(Topics.IDENTITY_COMMANDS, new WorkspaceKey(workspace()), identityCommand(requestId));
            case "catalog-commands" -> catalog(requestId);
            case "enriched-events" -> encode(Topics.ENRICHED_EVENTS, customerKey(), enrichedEvent(requestId));
            case "workflows" -> workflow();
            case "sign-up-sources" -> signUpSource();
            default -> throw new IllegalArgumentException("Not an input topic: " + topic);
        };
        final byte[] value = switch (kind) {
            case VALID_AVRO -> kv[1];
            case GARBAGE -> randomBytes(1 + v.nextInt(300));
            case WRONG_MAGIC -> withFirstByte(kv[1], (byte) (1 + v.nextInt(255)));
            case UNKNOWN_SCHEMA_ID -> withSchemaId(kv[1], 1_000_000 + v.nextInt(1_000_000));
            case TRUNCATED -> Arrays.copyOf(kv[1], Math.max(5, kv[1].length / 2));
            case EMPTY -> new byte[0];
            case TOMBSTONE -> null;
        };
        final byte[] key = v.chance(0.03) ? randomBytes(v.nextInt(40)) : kv[0];
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(new RecordHeader(Topics.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8)));
        return new Produced(kind, record);
    }

    private <K extends SpecificRecord, V extends SpecificRecord> byte[][] encode(final Topic<K, V> topic, final K key,
                                                                                final V value) {
        return new byte[][] {topic.keySerde(registry).serialize(topic.name(), key),
                topic.valueSerde(registry).serialize(topic.name(), value)};
    }

    // --- Values ---

    private String workspace() {
        return v.chance(0.9) ? WORKSPACE : v.pick(List.of("", "other", "demo\u0000", "é".repeat(300), "DEMO"));
    }

    /** An adversarial string (no lone surrogates: Avro writes strings as UTF-8, so those cannot reach the topic). */
    private String text() {
        return v.chance(0.03) ? "h".repeat(100_000 + v.nextInt(300_000)) : v.text();
    }

    private String id() {
        return switch (v.nextInt(8)) {
            case 0 -> text();
            case 1 -> "id" + v.control();
            case 2 -> "shared-" + v.nextInt(20);
            default -> "fz-rec-" + runTag + "-c" + v.nextInt(200);
        };
    }

    private CustomerKey customerKey() {
        return new CustomerKey(workspace(), id());
    }

    private Instant instant() {
        return switch (v.nextInt(6)) {
            case 0 -> Instant.ofEpochMilli(Long.MAX_VALUE);
            case 1 -> Instant.ofEpochMilli(Long.MIN_VALUE);
            case 2 -> Instant.EPOCH;
            case 3 -> Instant.ofEpochMilli(-1);
            default -> Instant.now();
        };
    }

    /** A raw JSON-like value as the command unions hold it: null, boolean, long, double, string, lists. */
    private Object raw() {
        return switch (v.nextInt(12)) {
            case 0 -> null;
            case 1 -> v.chance(0.5);
            case 2 -> v.pick(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L));
            case 3 -> v.pick(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                    Double.MAX_VALUE));
            case 4 -> v.pick(FuzzValues.NUMBERS);
            case 5 -> v.pick(FuzzValues.COERCIONS);
            case 6 -> new ScalarList(new ArrayList<>(List.of("a", Long.MIN_VALUE, Double.NaN, v.text())));
            case 7 -> new ItemList(List.of(item()));
            default -> text();
        };
    }

    private ArrayItem item() {
        final Map<String, Object> fields = new HashMap<>();
        final Map<String, Object> nested = new HashMap<>();
        nested.put(v.name(), scalarRaw());
        if (v.chance(0.7)) {
            fields.put("id", v.chance(0.5) ? (Object) v.pick(FuzzValues.NUMBERS) : (Object) (v.chance(0.5) ? Long.MIN_VALUE : Double.NaN));
        }
        fields.put(v.name(), v.chance(0.8) ? scalarRaw()
                : new NestedItemList(List.of(new NestedItem(nested))));
        return new ArrayItem(fields);
    }

    private Object scalarRaw() {
        final Object raw = raw();
        return raw instanceof ItemList ? text() : raw;
    }

    private Map<String, Object> attributes() {
        final Map<String, Object> out = new HashMap<>();
        for (int i = v.chance(0.97) ? v.nextInt(6) : 600; i > 0; i--) {
            out.put(v.chance(0.5) ? "f" + v.nextInt(3) : v.name(), raw());
        }
        return out;
    }

    private Object typedValue() {
        return switch (v.nextInt(8)) {
            case 0 -> new StringValue(text());
            case 1 -> new IntegerValue(v.pick(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L)));
            case 2 -> new NumberValue(v.pick(FuzzValues.NUMBERS.subList(0, 12)) + (v.chance(0.2) ? "x" : ""));
            case 3 -> new BooleanValue(v.chance(0.5));
            case 4 -> new DateValue(instant());
            case 5 -> new CollectionValue(List.of(text(), "\u0000"));
            case 6 -> new ArrayValue(List.of(item(), item()));
            default -> new EnumValue(text());
        };
    }

    private Profile profile(final String customerId) {
        final Map<String, Attribute> attributes = new HashMap<>();
        for (int i = v.nextInt(6); i > 0; i--) {
            attributes.put(v.chance(0.6) ? "f" + v.nextInt(3) : v.name(), new Attribute(typedValue(), instant(), text()));
        }
        return new Profile(workspace(), customerId, attributes, instant(), instant(), text(),
                v.pick(List.of(0L, -1L, Long.MAX_VALUE, 3L)), List.of(), List.of(identifier()), List.of(), List.of(),
                v.chance(0.1) ? id() : null, null, null);
    }

    private Identifier identifier() {
        return new Identifier(v.pick(List.of("customer_id", "email", "phone", "custom", "", "EMAIL", "x\u0000")),
                v.chance(0.5) ? null : v.name(), v.chance(0.5) ? id() : text());
    }

    // --- Commands ---

    private CustomerCommand customerCommand(final String requestId) {
        final Object command = switch (v.nextInt(12)) {
            case 0, 1, 2 -> new UpsertAttributes(attributes(), v.chance(0.3)
                    ? Map.of(v.chance(0.5) ? "f" + v.nextInt(3) : v.name(), v.pick(List.of("integer", "date", "enum", "weird", "")))
                    : Map.of());
            case 3 -> new UpsertArrayItems(v.name(), v.chance(0.95) ? List.of(item(), item()) : itemsOfSize(2000));
            case 4 -> new DeleteArrayItems(v.name(), List.of(text(), "\u0000"));
            case 5 -> new DeleteCustomer();
            case 6 -> new TrackEvent(v.chance(0.6) ? v.pick(FuzzRequests.EVENT_NAMES) : text(), attributes());
            case 7 -> new AttachIdentifiers(List.of(identifier(), identifier()));
            case 8 -> new Subscribe(v.pick(List.of("TEXT", "EMAIL", "", "PUSH")), v.pick(List.of("MARKETING", "X", "")),
                    v.chance(0.5) ? null : text(), v.chance(0.5) ? null : text());
            case 9 -> new MergeInto(text(), v.chance(0.5) ? id() : "");
            case 10 -> v.chance(0.5) ? new AbsorbProfile(text(), profile(id()), new java.util.ArrayList<>()) : new RestoreProfile(text(), profile(id()), new java.util.ArrayList<>());
            default -> new UndoMerge(text());
        };
        return new CustomerCommand(v.chance(0.9) ? requestId + ":0" : text(), workspace(), id(), requestId, instant(),
                v.chance(0.7) ? "upstream" : text(), v.pick(Arrays.asList(ApiFamily.values())), command,
                v.chance(0.2) ? text() : null, v.chance(0.2), v.chance(0.1) ? id() : null);
    }

    private List<ArrayItem> itemsOfSize(final int n) {
        final List<ArrayItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(new ArrayItem(Map.of("v", "ü".repeat(200))));
        }
        return items;
    }

    private IdentityCommand identityCommand(final String requestId) {
        final Object command = switch (v.nextInt(5)) {
            case 0, 1 -> new IdentifyRequest(v.chance(0.1) ? List.of() : List.of(identifier(), identifier()),
                    List.of(customerCommand(requestId), customerCommand(requestId)));
            case 2 -> new ProfileRegistered(id(), instant(), List.of(identifier()));
            case 3 -> new ProfileReleased(id());
            default -> new MergeUndone(text(), id(), id(), List.of(identifier()));
        };
        return new IdentityCommand(requestId + ":0", workspace(), requestId, instant(), text(), command);
    }

    private byte[][] catalog(final String requestId) {
        final String name = v.chance(0.6) ? "a" + v.nextInt(30) : v.name();
        final Object command = switch (v.nextInt(3)) {
            case 0 -> new ProposeProperty(v.pick(List.of("string", "integer", "number", "date", "enum", "array", "weird", "")));
            case 1 -> new DefineProperty(v.pick(List.of("enum", "integer", "weird", "")),
                    v.chance(0.9) ? List.of(text(), "", "\u0000") : new ArrayList<>(java.util.Collections.nCopies(20_000, "e")));
            default -> new DeleteProperty();
        };
        return encode(Topics.CATALOG_COMMANDS, new PropertyKey(workspace(), name),
                new CatalogCommand(requestId + ":0", workspace(), v.chance(0.8) ? name : text(), requestId, instant(),
                        text(), v.pick(Arrays.asList(ApiFamily.values())), command));
    }

    private EnrichedEvent enrichedEvent(final String requestId) {
        final String customer = id();
        final String name = v.chance(0.8) ? v.pick(FuzzRequests.EVENT_NAMES) : v.chance(0.5) ? "attribute.changed" : text();
        final List<AttributeChange> changes = new ArrayList<>();
        for (int i = v.nextInt(3); i > 0; i--) {
            changes.add(new AttributeChange(v.chance(0.6) ? "f" + v.nextInt(3) : v.name(),
                    v.chance(0.3) ? null : typedValue(), v.chance(0.3) ? null : typedValue(), false, false));
        }
        final EnrichedEvent event = new EnrichedEvent(v.chance(0.9) ? requestId + ":0" : text(), workspace(), customer,
                requestId, name, attributes(), instant(), profile(customer), changes);
        return v.chance(0.05) ? nearRecordLimit(event) : event;
    }

    /**
     * {@code event} with its profile and data filled to nearly a whole record (1 to 64 KiB under
     * {@link Topics#MAX_RECORD_BYTES}), under a workflow's event name in the demo workspace: more than the projector
     * ever emits, so each workflow it starts has a run too large for a record (issue 12, "Bounded records").
     */
    private EnrichedEvent nearRecordLimit(final EnrichedEvent event) {
        final long target = Topics.MAX_RECORD_BYTES - 1024 - v.nextInt(63 * 1024);
        final String chunk = "\u00e9".repeat(1000); // 2,000 bytes, about 2,010 as a map entry
        final Map<String, Attribute> attributes = new HashMap<>(event.getProfile().getAttributes());
        final Map<String, Object> data = new HashMap<>(event.getData());
        final EnrichedEvent big = EnrichedEvent.newBuilder(event).setWorkspaceId(WORKSPACE)
                .setName(v.pick(FuzzRequests.EVENT_NAMES)).build();
        for (long size = RecordSize.of(big), i = 0; size + 2100 < target; i++, size += 2040) {
            if (v.chance(0.6)) {
                attributes.put("big" + i, new Attribute(new StringValue(chunk), Instant.EPOCH, "fz"));
            } else {
                data.put("big" + i, chunk);
            }
        }
        big.setProfile(Profile.newBuilder(event.getProfile()).setWorkspaceId(WORKSPACE).setAttributes(attributes).build());
        big.setData(data);
        return big;
    }

    private byte[][] workflow() {
        final String workflowId = v.chance(0.8) ? "fz-wf-" + runTag + "-" + v.nextInt(40) : text();
        final List<FilterCondition> filter = new ArrayList<>();
        for (int i = v.nextInt(3); i > 0; i--) {
            filter.add(new FilterCondition(v.chance(0.6) ? "f" + v.nextInt(3) : v.name(),
                    v.pick(List.of("eq", "gt", "lte", "exists", "weird", "")),
                    v.chance(0.2) ? null : v.chance(0.5) ? v.pick(FuzzValues.NUMBERS) : v.pick(FuzzValues.COERCIONS)));
        }
        final EventTrigger trigger = new EventTrigger(v.chance(0.8) ? v.pick(FuzzRequests.EVENT_NAMES) : text(),
                v.chance(0.2) ? new AttributeCondition("f" + v.nextInt(3), v.chance(0.5) ? null : text(), null) : null,
                v.chance(0.1) ? text() : null);
        final Webhook webhook = v.chance(0.2) ? new Webhook(v.pick(List.of("http://127.0.0.1:1/x", "not a url", "", text())), null) : null;
        return encode(Topics.WORKFLOWS, new WorkflowKey(workspace(), workflowId),
                new WorkflowDefinition(workflowId, workspace(), text(), trigger, webhook, v.chance(0.9), instant(), filter,
                        v.chance(0.7) ? v.pick(FuzzRequests.TEMPLATES) : null, v.chance(0.5) ? null : instant()));
    }

    private byte[][] signUpSource() {
        final String sourceId = v.chance(0.7) ? "fz-src-" + v.nextInt(5) : text();
        return encode(Topics.SIGN_UP_SOURCES, new SignUpSourceKey(workspace(), sourceId),
                new SignUpSource(workspace(), v.chance(0.9) ? sourceId : text(), text(),
                        v.pick(List.of("MARKETING", "TRANSACTIONAL", "", "x")), v.pick(List.of("en-US", "", text())),
                        v.pick(List.of("API", "", text())), instant()));
    }

    // --- Bytes ---

    private byte[] randomBytes(final int n) {
        final byte[] out = new byte[n];
        v.random().nextBytes(out);
        return out;
    }

    private static byte[] withFirstByte(final byte[] avro, final byte first) {
        final byte[] out = avro.clone();
        out[0] = first;
        return out;
    }

    private static byte[] withSchemaId(final byte[] avro, final int schemaId) {
        final byte[] out = avro.clone();
        ByteBuffer.wrap(out, 1, 4).putInt(schemaId);
        return out;
    }
}
