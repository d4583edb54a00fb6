package org.opencdp.devstack;

import static org.opencdp.devstack.FuzzValues.str;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Requests of valid shape with adversarial values, for every write route of ingest-api and workflow-trigger
 * (contract section 5, docs/api.md, workflow-trigger/README.md), drawn from one seeded {@link FuzzValues}.
 * Besides the random mix, the issue's own findings are sent as they were reported ({@link #scenarios}).
 */
final class FuzzRequests {

    /** Which service a request goes to. */
    enum Service { INGEST, TRIGGER }

    /** How a 2xx answer to a request is checked afterwards: by customer id, by email, or not at all. */
    enum Check { NONE, CUSTOMER_ID, EMAIL }

    /** One request; {@code checkKey} names the one fresh customer (id or email) its write must reach. */
    record Request(String route, Service service, String method, String path, Map<String, String> headers,
                   String body, Check check, String checkKey) {

        /** The request as text, each run of one character written once with its count ({@code é×1000}). */
        String summary(final int maxBody) {
            final String b = body == null ? "" : compress(body);
            return method + " " + path + " " + (b.length() > maxBody ? b.substring(0, maxBody) + "…(" + body.length()
                    + " chars)" : b);
        }

        private static String compress(final String s) {
            final StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < s.length()) {
                final int cp = s.codePointAt(i);
                int j = i + Character.charCount(cp);
                int n = 1;
                while (j < s.length() && s.codePointAt(j) == cp) {
                    j += Character.charCount(cp);
                    n++;
                }
                out.appendCodePoint(cp);
                if (n >= 8) {
                    out.append('×').append(n);
                } else {
                    for (int k = 1; k < n; k++) {
                        out.appendCodePoint(cp);
                    }
                }
                i = j;
            }
            return out.toString();
        }
    }

    /** Event names the generated workflows start on, so that generated events and records reach them. */
    static final List<String> EVENT_NAMES = List.of("fz.ev0", "fz.ev1", "fz.ev2", "fz.ev3", "signup",
            "survey.requested", "subscription.subscribed");

    /** Templates no caller should be able to use to stop or wedge the trigger, and ordinary ones. */
    static final List<String> TEMPLATES = List.of(
            "{#for x in nosuch}{x}{/for}", "{#include foo}", "{#include foo /}", "{#insert}x{/insert}",
            "{#for i in 1000000}{/for}", "{#for i in 2147483647}{i}{/for}", "{#for i in -1}{i}{/for}",
            "{#for i in 10000}{#for j in 1000}x{/for}{/for}", "{#for i in 100}{#for f in f1}{f}{/for}{/for}",
            "{#each tags}{it}{/each}", "{#for c in cart}{c.name}{#for n in c.nested}{n}{/for}{/for}",
            "{#for x in f1}{x}{/for}", "{#each f2}{it.id}{/each}", "{#for x in 1..3}{x}{/for}",
            "{a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p}", "{" + "x.".repeat(400) + "y}", "{f1.toUpperCase}",
            "{f1.length}", "{f1.substring(5000)}", "{f1.charAt(100000)}", "{f1.repeat(100000000)}",
            "{str:concat(f1, f2)}", "{#let x=1}{x}{/let}", "{#if f1 > 3}big{#else}small{/if}",
            "{#if f1.gt(1e99999999999)}x{/if}", "{#if f1 == 9223372036854775808}x{/if}", "{f1 ?: 'none'}",
            "{#switch f1}{#case 1}a{/switch}", "{#when f1}{#is 1}a{/when}", "{#fragment id=x}a{/fragment}",
            "{#capture x}a{/capture}", "{inject:foo}", "{cdi:bean.method()}", "{config:quarkus.http.port}",
            "{config:['kafka.bootstrap.servers']}", "{#eval f1 /}", "{#each 1000000}{it}{/each}", "{#with f1}{it}{/with}",
            "{f1.getClass().forName('java.lang.Runtime')}", "{#for x in nosuch.deeper}{x}{/for}", "{nosuch.size}",
            "{#for i in 3}{#for j in 3}{#for k in 3}{#for l in 3}{i}{j}{k}{l}{/for}{/for}{/for}{/for}",
            "{#for x in f1}", "{", "}", "{#if}", "{#for}{/for}", "{/for}", "{! unterminated comment",
            "{|raw|}", "{f1.raw}", "{f1.safe}", "{#else}", "{time:format(now,'d')}",
            "Hello {first_name}, your {plan} plan", "", " ", "x".repeat(10_000), "{f1}".repeat(2_500),
            "{f1}".repeat(2_501), "é".repeat(10_000), "𝄞".repeat(5_000), "a\u0000b", "{f\u0000}");

    private static final List<String> FILTER_OPS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "exists",
            "not_exists", "EQ", "like", "", " eq");
    private static final List<String> PROPERTY_TYPES = List.of("string", "integer", "number", "boolean", "date",
            "collection", "array", "enum", "STRING", "Enum", "object", "", "null");
    private static final List<String> RETENTLY_TYPES = List.of("string", "date", "integer", "boolean",
            "collection", "STRING", "Date", "number", "weird", "");

    /** A write route and how many of {@link #WEIGHT_TOTAL} requests {@link #next()} sends to it. */
    private record Route(int weight, Supplier<Request> request) {
    }

    private static final int WEIGHT_TOTAL = 1000;

    private final FuzzValues v;
    private final String runTag;
    private final String webhookBase;
    private int fresh;
    private final List<Route> routes = List.of(
            new Route(180, this::customers),
            new Route(120, this::arrays),
            new Route(60, this::deleteCustomers),
            new Route(50, this::deleteArrays),
            new Route(150, this::events),
            new Route(80, () -> retently("/api/v2/customers")),
            new Route(50, () -> retently("/api/v2/survey")),
            new Route(110, this::attentiveV1),
            new Route(110, this::attentiveV2),
            new Route(30, this::putProperty),
            new Route(15, this::deleteProperty),
            new Route(15, this::signUpSource),
            new Route(30, () -> workflow(workflowBody())));

    /**
     * @param runTag      makes this run's fresh ids unique across runs on one data directory
     * @param webhookBase the test's receiver, {@code http://127.0.0.1:port}
     */
    FuzzRequests(final FuzzValues values, final String runTag, final String webhookBase) {
        this.v = values;
        this.runTag = runTag;
        this.webhookBase = webhookBase;
    }

    private String freshId() {
        return "fz-" + runTag + "-" + (fresh++);
    }

    private String freshEmail() {
        return "fz-" + runTag + "-" + (fresh++) + "@fuzz.example";
    }

    /**
     * The findings and the maximum batches, sent as reported: a number bomb on an Attentive attribute,
     * a customer of 450 fields of 1,000 "é", a poisonous template then the event it starts on, two events
     * under one X-Request-Id, an array field grown by 16 requests of 500 items of 900 "ü", 10,000-item batches.
     */
    List<Request> scenarios() {
        final List<Request> out = new ArrayList<>();
        out.add(workflow("{\"name\":\"fz bomb\",\"trigger\":{\"event\":\"fz.ev0\"},\"enabled\":true,"
                + "\"template\":\"{#for x in nosuch}{x}{/for}\"}"));
        out.add(ingest("POST /v1/attributes/custom", "POST", "/v1/attributes/custom", bearer(),
                "{\"properties\":{\"bomb\":\"1e99999999999\"},\"user\":{\"email\":\"b@x.io\"}}", Check.NONE, null));
        final String wide = freshId();
        final StringJoiner fields = new StringJoiner(",");
        for (int i = 0; i < 450; i++) {
            fields.add("\"w" + i + "\":" + str("é".repeat(1000)));
        }
        out.add(ingest("POST /customers", "POST", "/customers", keyAndSecret(),
                "{\"customers\":[{\"id\":" + str(wide) + "," + fields + "}]}", Check.CUSTOMER_ID, wide));
        out.add(ingest("POST /events", "POST", "/events", withRequestId(keyAndSecret(), "fz-same-request-id"),
                "{\"customer_id\":" + str(freshId()) + ",\"event\":\"fz.ev0\",\"data\":{}}", Check.NONE, null));
        out.add(ingest("POST /events", "POST", "/events", withRequestId(keyAndSecret(), "fz-same-request-id"),
                "{\"customer_id\":" + str(freshId()) + ",\"event\":\"fz.ev0\",\"data\":{}}", Check.NONE, null));
        final String grower = freshId();
        final String item = str("ü".repeat(900));
        for (int r = 0; r < 16; r++) {
            final StringJoiner items = new StringJoiner(",");
            for (int i = 0; i < 500; i++) {
                items.add("{\"v\":" + item + "}");
            }
            out.add(ingest("POST /arrays", "POST", "/arrays", keyAndSecret(),
                    "{\"records\":[{\"customer_id\":" + str(grower) + ",\"field\":\"grows\",\"data\":[" + items + "]}]}",
                    Check.NONE, null)); // sent concurrently: which of the 16 lands last is not known
        }
        final StringJoiner batch = new StringJoiner(",");
        final StringJoiner ids = new StringJoiner(",");
        final StringJoiner records = new StringJoiner(",");
        String first = null;
        for (int i = 0; i < 10_000; i++) {
            final String id = freshId();
            batch.add("{\"id\":" + str(id) + ",\"n\":" + i + "}");
            ids.add(str("gone-" + id));
            // every customer of the batch but the first, which is checked, gets an array item
            records.add("{\"customer_id\":" + str(i == 0 ? freshId() : id) + ",\"field\":\"items\",\"data\":[{\"id\":"
                    + i + "}]}");
            first = first == null ? id : first;
        }
        out.add(ingest("POST /customers", "POST", "/customers", keyAndSecret(), "{\"customers\":[" + batch + "]}",
                Check.CUSTOMER_ID, first));
        out.add(ingest("DELETE /customers", "DELETE", "/customers", keyAndSecret(), "{\"customers_ids\":[" + ids + "]}",
                Check.NONE, null));
        out.add(ingest("POST /arrays", "POST", "/arrays", keyAndSecret(), "{\"records\":[" + records + "]}",
                Check.NONE, null));
        final StringJoiner subscribers = new StringJoiner(",");
        for (int i = 0; i < 1_000; i++) {
            subscribers.add("{\"email\":" + str(freshEmail()) + ",\"tags\":[\"a\"]}");
        }
        out.add(ingest("POST /api/v2/customers", "POST", "/api/v2/customers", keyAndSecret(),
                "{\"subscribers\":[" + subscribers + "]}", Check.NONE, null));
        out.add(ingest("POST /events", "POST", "/events", keyAndSecret(),
                "{\"customer_id\":" + str(freshId()) + ",\"event\":\"fz.ev0\",\"data\":{\"f1\":\"x\"}}", Check.NONE, null));
        return out;
    }

    /** Definitions first (workflows, catalog, sign-up sources), so the later writes meet them. */
    Request nextDefinition() {
        return switch (v.nextInt(6)) {
            case 0, 1, 2 -> workflow(workflowBody());
            case 3 -> putProperty();
            case 4 -> deleteProperty();
            default -> signUpSource();
        };
    }

    /** Any write route, weighted toward the customer writes a caller sends most. */
    Request next() {
        int roll = v.nextInt(WEIGHT_TOTAL);
        for (final Route route : routes) {
            if (roll < route.weight()) {
                return route.request().get();
            }
            roll -= route.weight();
        }
        throw new IllegalStateException("The routes' weights add up to less than " + WEIGHT_TOTAL);
    }

    // --- Retainly ---

    private Request customers() {
        final int n = v.chance(0.9) ? 1 + v.nextInt(3) : 1 + v.nextInt(60);
        final StringJoiner customers = new StringJoiner(",");
        String checked = null;
        for (int i = 0; i < n; i++) {
            final String id = freshId();
            final String token = v.customerIdToken(id);
            if (token.equals(str(id))) {
                checked = id;
            }
            final StringJoiner fields = new StringJoiner(",");
            fields.add("\"id\":" + token);
            final int f = v.chance(0.97) ? v.nextInt(5) : 495 + v.nextInt(10);
            for (int k = 0; k < f; k++) {
                fields.add(str(f > 100 ? "m" + k : v.name()) + ":" + fieldValue());
            }
            customers.add("{" + fields + "}");
        }
        return ingest("POST /customers", "POST", "/customers", retainlyHeaders(), "{\"customers\":[" + customers + "]}",
                checked == null ? Check.NONE : Check.CUSTOMER_ID, checked);
    }

    /** A customer field's value: mostly scalars, sometimes arrays at and past the nesting limit, or an object. */
    private String fieldValue() {
        return switch (v.nextInt(24)) {
            case 0, 1 -> scalarArray();
            case 2, 3 -> "[" + item() + "," + item() + "]";
            case 4 -> nested(1 + v.nextInt(v.chance(0.1) ? 3000 : 8));
            case 5 -> "{\"a\":" + v.scalar() + "}";
            default -> v.scalar();
        };
    }

    private String scalarArray() {
        final StringJoiner items = new StringJoiner(",", "[", "]");
        final int n = v.chance(0.95) ? v.nextInt(6) : 1000 + v.nextInt(2000);
        for (int i = 0; i < n; i++) {
            items.add(v.scalar());
        }
        return items.toString();
    }

    /** An array item: an object with an adversarial id and values, one level of arrays of objects, maybe deeper. */
    private String item() {
        final StringJoiner fields = new StringJoiner(",", "{", "}");
        if (v.chance(0.6)) {
            fields.add("\"id\":" + (v.chance(0.25) ? v.scalar() : str("i" + v.nextInt(20))));
        }
        for (int k = v.nextInt(4); k > 0; k--) {
            fields.add(str(v.name()) + ":" + switch (v.nextInt(14)) {
                case 0, 1 -> scalarArray();
                case 2, 3 -> "[{\"n\":" + v.scalar() + ",\"l\":" + scalarArray() + "}]";
                case 4 -> "[{\"n\":[{\"too\":\"deep\"}]}]";
                case 5 -> "{\"o\":1}";
                default -> v.scalar();
            });
        }
        return fields.toString();
    }

    /** Arrays nested {@code depth} deep, around a scalar or an object. */
    private String nested(final int depth) {
        final String inner = v.chance(0.5) ? v.scalar() : "{\"k\":" + v.scalar() + "}";
        return "[".repeat(depth) + inner + "]".repeat(depth);
    }

    private Request arrays() {
        final StringJoiner records = new StringJoiner(",");
        String checked = null;
        for (int r = 1 + v.nextInt(3); r > 0; r--) {
            final String id = freshId();
            final String token = v.customerIdToken(id);
            if (token.equals(str(id))) {
                checked = id;
            }
            final StringJoiner data = new StringJoiner(",", "[", "]");
            for (int i = v.chance(0.95) ? 1 + v.nextInt(5) : 500; i > 0; i--) {
                data.add(v.chance(0.05) ? v.scalar() : item());
            }
            records.add("{\"customer_id\":" + token + ",\"field\":" + str(v.name()) + ",\"data\":" + data + "}");
        }
        return ingest("POST /arrays", "POST", "/arrays", retainlyHeaders(), "{\"records\":[" + records + "]}",
                checked == null ? Check.NONE : Check.CUSTOMER_ID, checked);
    }

    private Request deleteCustomers() {
        final StringJoiner ids = new StringJoiner(",", "[", "]");
        for (int i = 1 + v.nextInt(4); i > 0; i--) {
            ids.add(v.customerIdToken(freshId()));
        }
        return ingest("DELETE /customers", "DELETE", "/customers", retainlyHeaders(), "{\"customers_ids\":" + ids + "}",
                Check.NONE, null);
    }

    private Request deleteArrays() {
        final StringJoiner ids = new StringJoiner(",", "[", "]");
        for (int i = v.nextInt(4); i >= 0; i--) {
            ids.add(v.chance(0.5) ? v.scalar() : str("i" + v.nextInt(20)));
        }
        return ingest("DELETE /arrays", "DELETE", "/arrays", retainlyHeaders(),
                "{\"records\":[{\"customer_id\":" + v.customerIdToken(freshId()) + ",\"field\":" + str(v.name())
                        + ",\"ids\":" + ids + "}]}", Check.NONE, null);
    }

    private Request events() {
        final String name = switch (v.nextInt(6)) {
            case 0 -> str(v.sized(50));
            case 1 -> str("fz" + v.control());
            case 2 -> v.jsonText();
            default -> str(v.pick(EVENT_NAMES));
        };
        final StringJoiner data = new StringJoiner(",", "{", "}");
        final int n = v.chance(0.95) ? v.nextInt(6) : 49 + v.nextInt(3);
        for (int i = 0; i < n; i++) {
            data.add(str(v.chance(0.5) ? "f" + v.nextInt(3) : v.name()) + ":" + (v.chance(0.8) ? v.scalar() : fieldValue()));
        }
        return ingest("POST /events", "POST", "/events", retainlyHeaders(),
                "{\"customer_id\":" + v.customerIdToken(freshId()) + ",\"event\":" + name + ",\"data\":" + data + "}",
                Check.NONE, null);
    }

    // --- Retently ---

    private Request retently(final String path) {
        final StringJoiner subscribers = new StringJoiner(",");
        String checked = null;
        for (int s = v.chance(0.95) ? 1 + v.nextInt(2) : 100 + v.nextInt(100); s > 0; s--) {
            final String email = freshEmail();
            final String token = v.emailToken(email);
            if (token.equals(str(email))) {
                checked = email;
            }
            final StringJoiner fields = new StringJoiner(",", "{", "}");
            fields.add("\"email\":" + token);
            if (v.chance(0.5)) {
                fields.add("\"first_name\":" + v.scalar());
            }
            if (v.chance(0.3)) {
                fields.add("\"tags\":" + (v.chance(0.7) ? scalarArray() : v.scalar()));
            }
            final StringJoiner properties = new StringJoiner(",", "[", "]");
            for (int p = v.chance(0.97) ? v.nextInt(5) : 499 + v.nextInt(3); p > 0; p--) {
                final StringJoiner property = new StringJoiner(",", "{", "}");
                property.add("\"label\":" + (v.chance(0.8) ? str(v.name()) : v.jsonText()));
                if (v.chance(0.7)) {
                    property.add("\"type\":" + str(v.pick(RETENTLY_TYPES)));
                }
                property.add("\"value\":" + (v.chance(0.85) ? v.scalar() : v.chance(0.5) ? scalarArray() : "[{\"o\":1}]"));
                properties.add(property.toString());
            }
            fields.add("\"properties\":" + properties);
            subscribers.add(fields.toString());
        }
        return ingest("POST " + path, "POST", path, v.chance(0.5) ? keyAndSecret() : bearer(),
                "{\"subscribers\":[" + subscribers + "]}", checked == null ? Check.NONE : Check.EMAIL, checked);
    }

    // --- Attentive ---

    private String attributes() {
        final StringJoiner properties = new StringJoiner(",", "{", "}");
        for (int p = v.chance(0.97) ? 1 + v.nextInt(5) : 150; p > 0; p--) {
            properties.add(str(v.chance(0.5) ? "a" + v.nextInt(30) : v.name()) + ":"
                    + (v.chance(0.93) ? v.scalar() : v.chance(0.5) ? scalarArray() : "{\"x\":1}"));
        }
        return properties.toString();
    }

    /** Identifiers: only a fresh email when the write is checked (so no merge moves it), else a mix. */
    private String identifiers(final String freshEmail, final boolean checked) {
        final StringJoiner ids = new StringJoiner(",", "{", "}");
        if (checked) {
            return ids.add("\"email\":" + str(freshEmail)).toString();
        }
        if (v.chance(0.6)) {
            ids.add("\"email\":" + v.emailToken(freshEmail));
        }
        if (v.chance(0.4)) {
            ids.add("\"phone\":" + v.phoneToken());
        }
        if (v.chance(0.3)) {
            ids.add("\"clientUserId\":" + v.customerIdToken(freshId()));
        }
        if (v.chance(0.2)) {
            ids.add("\"customIdentifiers\":[{\"name\":" + str(v.name()) + ",\"value\":" + v.scalar() + "}]");
        }
        return ids.toString();
    }

    private Request attentiveV1() {
        final String email = freshEmail();
        final boolean checked = v.chance(0.3);
        String user = identifiers(email, checked);
        if (!checked && user.contains("clientUserId")) {
            user = user.replaceFirst("\"clientUserId\":([^,}]*)", "\"externalIdentifiers\":{\"clientUserId\":$1}");
        }
        return ingest("POST /v1/attributes/custom", "POST", "/v1/attributes/custom", maybeKeyed(bearer()),
                "{\"properties\":" + attributes() + ",\"user\":" + user + "}",
                checked ? Check.EMAIL : Check.NONE, checked ? email : null);
    }

    private Request attentiveV2() {
        final String email = freshEmail();
        final boolean checked = v.chance(0.3);
        final StringJoiner subscriptions = new StringJoiner(",", "[", "]");
        if (!checked) {
            for (int s = v.nextInt(3); s > 0; s--) {
                final StringJoiner sub = new StringJoiner(",", "{", "}");
                sub.add("\"type\":" + str(v.pick(List.of("MARKETING", "TRANSACTIONAL", "marketing", "", "X\u0000"))));
                sub.add("\"channel\":" + str(v.pick(List.of("TEXT", "EMAIL", "text", "PUSH"))));
                if (v.chance(0.5)) {
                    sub.add("\"signUpSourceId\":" + (v.chance(0.5) ? str("fz-src-" + v.nextInt(5)) : v.jsonText()));
                }
                if (v.chance(0.5)) {
                    sub.add("\"locale\":" + str(v.pick(List.of("en-US", "fr-FR", "", "en_US", "x".repeat(300)))));
                }
                subscriptions.add(sub.toString());
            }
        }
        return ingest("POST /v2/user/attributes", "POST", "/v2/user/attributes", maybeKeyed(bearer()),
                "{\"attributes\":" + attributes() + ",\"subscriptions\":" + subscriptions + ",\"identifiers\":"
                        + identifiers(email, checked) + "}",
                checked ? Check.EMAIL : Check.NONE, checked ? email : null);
    }

    // --- Catalog, sign-up sources ---

    private String propertyPath() {
        final String name = v.chance(0.6) ? "a" + v.nextInt(30) : v.name();
        return "/properties/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Request putProperty() {
        final String type = v.pick(PROPERTY_TYPES);
        final StringJoiner values = new StringJoiner(",", "[", "]");
        for (int i = v.chance(0.95) ? v.nextInt(5) : 1001; i > 0; i--) {
            values.add(v.chance(0.7) ? str("e" + v.nextInt(10)) : v.jsonText());
        }
        final String body = "{\"type\":" + str(type) + (v.chance(0.8) ? ",\"enum_values\":" + values : "") + "}";
        return ingest("PUT /properties/{name}", "PUT", propertyPath(), maybeKeyed(v.chance(0.5) ? keyAndSecret() : bearer()),
                body, Check.NONE, null);
    }

    private Request deleteProperty() {
        return ingest("DELETE /properties/{name}", "DELETE", propertyPath(), maybeKeyed(keyAndSecret()), null,
                Check.NONE, null);
    }

    private Request signUpSource() {
        if (v.chance(0.2)) {
            return ingest("DELETE /sign-up-sources/{id}", "DELETE",
                    "/sign-up-sources/" + URLEncoder.encode(v.chance(0.5) ? "fz-src-" + v.nextInt(5) : v.text(),
                            StandardCharsets.UTF_8), admin(), null, Check.NONE, null);
        }
        final StringJoiner fields = new StringJoiner(",", "{", "}");
        fields.add("\"name\":" + (v.chance(0.7) ? str("src " + v.nextInt(100)) : v.jsonText()));
        fields.add("\"type\":" + str(v.pick(List.of("MARKETING", "TRANSACTIONAL", "marketing", "", "\u0000"))));
        fields.add("\"locale\":" + (v.chance(0.7) ? str(v.pick(List.of("en-US", "fr-FR"))) : v.jsonText()));
        if (v.chance(0.5)) {
            fields.add("\"method\":" + str(v.pick(List.of("API", "api", "KEYWORD", "", "x".repeat(1000)))));
        }
        if (v.chance(0.6)) {
            fields.add("\"id\":" + (v.chance(0.7) ? str("fz-src-" + v.nextInt(5)) : v.jsonText()));
        }
        return ingest("POST /sign-up-sources", "POST", "/sign-up-sources", admin(), fields.toString(), Check.NONE, null);
    }

    // --- Workflows ---

    private String workflowBody() {
        final StringJoiner fields = new StringJoiner(",", "{", "}");
        fields.add("\"name\":" + (v.chance(0.8) ? str("fz workflow " + v.nextInt(1000)) : v.jsonText()));
        final int t = v.nextInt(20);
        if (t < 13) {
            fields.add("\"trigger\":{\"event\":" + str(v.pick(EVENT_NAMES)) + "}");
        } else if (t < 15) {
            fields.add("\"trigger\":{\"attribute\":" + str(v.chance(0.5) ? "f" + v.nextInt(3) : v.name())
                    + (v.chance(0.5) ? ",\"from\":" + v.scalar() : "") + (v.chance(0.5) ? ",\"to\":" + v.scalar() : "") + "}");
        } else if (t < 16) {
            fields.add("\"trigger\":{\"event\":\"customer.created\"}");
        } else {
            fields.add("\"trigger\":{\"event\":" + v.jsonText() + "}");
        }
        if (v.chance(0.3)) {
            fields.add("\"webhook\":{\"url\":" + str(switch (v.nextInt(6)) {
                case 0, 1 -> webhookBase + "/ok";
                case 2 -> webhookBase + "/fail";
                case 3 -> "http://127.0.0.1:1/refused";
                case 4 -> v.pick(List.of("ftp://x", "not a url", "http://", "http://" + "h".repeat(2000) + "/", "javascript:x"));
                default -> webhookBase + "/ok?" + v.text();
            }) + "}");
        }
        if (v.chance(0.6)) {
            fields.add("\"template\":" + (v.chance(0.85) ? str(v.pick(TEMPLATES)) : v.jsonText()));
        }
        if (v.chance(0.4)) {
            final StringJoiner filter = new StringJoiner(",", "[", "]");
            for (int c = v.chance(0.9) ? 1 + v.nextInt(3) : 21; c > 0; c--) {
                final StringJoiner condition = new StringJoiner(",", "{", "}");
                condition.add("\"property\":" + str(v.chance(0.6) ? "f" + v.nextInt(3) : v.name()));
                condition.add("\"op\":" + str(v.pick(FILTER_OPS)));
                if (v.chance(0.8)) {
                    condition.add("\"value\":" + v.scalar());
                }
                filter.add(condition.toString());
            }
            fields.add("\"filter\":" + filter);
        }
        fields.add("\"enabled\":" + (v.chance(0.9) ? "true" : v.pick(List.of("false", "\"yes\"", "1", "null"))));
        return fields.toString();
    }

    private Request workflow(final String body) {
        return new Request("POST /workflows", Service.TRIGGER, "POST", "/workflows",
                v.chance(0.5) ? bearer() : keyAndSecret(), body, Check.NONE, null);
    }

    // --- Headers ---

    private static Request ingest(final String route, final String method, final String path,
                                  final Map<String, String> headers, final String body, final Check check,
                                  final String checkKey) {
        return new Request(route, Service.INGEST, method, path, headers, body, check, checkKey);
    }

    private static Map<String, String> keyAndSecret() {
        return Map.of("key", "demo-key", "secret", "demo-secret");
    }

    private static Map<String, String> bearer() {
        return Map.of("Authorization", "Bearer demo-token");
    }

    private static Map<String, String> admin() {
        return Map.of("Authorization", "Bearer demo-admin");
    }

    private static Map<String, String> withRequestId(final Map<String, String> headers, final String requestId) {
        final Map<String, String> out = new HashMap<>(headers);
        out.put("X-Request-Id", requestId);
        return out;
    }

    /** Credentials, plus now and then a reused or malformed X-Request-Id or an Idempotency-Key at its limits. */
    private Map<String, String> maybeKeyed(final Map<String, String> credentials) {
        final Map<String, String> out = new HashMap<>(credentials);
        final int roll = v.nextInt(20);
        if (roll < 2) {
            out.put("X-Request-Id", "fz-dup-" + v.nextInt(3)); // one caller id on many requests (issue finding 4)
        } else if (roll == 2) {
            out.put("X-Request-Id", v.pick(List.of("x".repeat(65), "a b", "a/b", "ab\"c", "-", ".")));
        } else if (roll == 3) {
            out.put("Idempotency-Key", v.pick(List.of("k" + v.nextInt(5), "k".repeat(255), "k".repeat(256), " ", "~!@#$%^&*()")));
        }
        return out;
    }

    private Map<String, String> retainlyHeaders() {
        return maybeKeyed(v.chance(0.7) ? keyAndSecret() : bearer());
    }
}
