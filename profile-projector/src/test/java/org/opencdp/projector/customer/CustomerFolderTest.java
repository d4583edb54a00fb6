package org.opencdp.projector.customer;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.opencdp.projector.Times.T4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.deleteArrayItems;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.event;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.items;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.scalars;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.projector.Commands;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.schemas.values.Limits;

class CustomerFolderTest {

    /** The workspace catalog, decided as the catalog decides: the first proposal for a property wins. */
    private final Map<String, PropertyDefinition> catalog = new HashMap<>();
    private final CustomerFolder folder = new CustomerFolder((workspace, name) -> Optional.ofNullable(catalog.get(name)),
            ZoneOffset.UTC, Limits.DEFAULTS);

    /** The store as the topology keeps it: the latest profile of one customer, or none. */
    private Optional<Profile> stored = Optional.empty();

    private CommandOutcome apply(final CustomerCommand command) {
        final CommandOutcome outcome = folder.fold(key(command.getCustomerId()), command, stored);
        switch (outcome) {
            case CommandOutcome.ProfileUpserted upserted -> {
                stored = Optional.of(upserted.profile());
                upserted.provisional().forEach(value ->
                        catalog.putIfAbsent(value.property(), PropertyDefinition.of(value.proposedType())));
            }
            case CommandOutcome.ProfileDeleted ignored -> stored = Optional.empty();
            default -> {
                // Events, rejections and no-ops leave the store as it is.
            }
        }
        return outcome;
    }

    private Map<String, Object> values() {
        final Map<String, Object> values = new HashMap<>();
        stored.orElseThrow().getAttributes().forEach((name, attribute) -> values.put(name, attribute.getValue()));
        return values;
    }

    @Test
    void shouldCreateAProfileFromTheFirstUpsert() {
        // When
        final CommandOutcome outcome = apply(upsert("1", "r1", T1, fields("plan", "pro")));
        // Then
        assertThat(outcome).isInstanceOf(CommandOutcome.ProfileUpserted.class);
        final Profile profile = stored.orElseThrow();
        assertThat(profile.getWorkspaceId()).isEqualTo("demo");
        assertThat(profile.getCustomerId()).isEqualTo("1");
        assertThat(profile.getAttributes()).containsExactly(Map.entry("plan", new Attribute(new StringValue("pro"), T1, "r1")));
        assertThat(profile.getCreatedAt()).isEqualTo(T1);
        assertThat(profile.getUpdatedAt()).isEqualTo(T1);
        assertThat(profile.getLastRequestId()).isEqualTo("r1");
        assertThat(profile.getRevision()).isEqualTo(1L);
    }

    @Test
    void shouldLeaveAttributesNotNamedInAnUpsertAsTheyAre() {
        // Given
        apply(upsert("1", "r1", T1, fields("plan", "pro", "city", "Oslo")));
        // When
        apply(upsert("1", "r2", T2, fields("plan", "team")));
        // Then
        final Profile profile = stored.orElseThrow();
        assertThat(profile.getAttributes().get("city")).isEqualTo(new Attribute(new StringValue("Oslo"), T1, "r1"));
        assertThat(profile.getAttributes().get("plan")).isEqualTo(new Attribute(new StringValue("team"), T2, "r2"));
        assertThat(profile.getCreatedAt()).isEqualTo(T1);
        assertThat(profile.getUpdatedAt()).isEqualTo(T2);
        assertThat(profile.getLastRequestId()).isEqualTo("r2");
        assertThat(profile.getRevision()).isEqualTo(2L);
    }

    @Test
    void shouldClearAnAttributeWrittenAsNull() {
        // Given
        apply(upsert("1", "r1", T1, fields("plan", "pro", "city", "Oslo")));
        // When
        apply(upsert("1", "r2", T2, fields("plan", null)));
        // Then
        assertThat(values()).containsOnlyKeys("city");
    }

    @Test
    void shouldKeepAnEmptyStringOnRetainlyRoutesButClearOnRetentlyRoutes() {
        // Given
        apply(upsert("1", "r1", T1, fields("nickname", "Ada", "company", "ACME")));
        // When
        apply(upsert("1", "r2", T2, fields("nickname", "")));
        apply(Commands.command("1", "r3", T3, ApiFamily.RETENTLY, new UpsertAttributes(fields("company", ""), Map.of())));
        // Then
        assertThat(values()).containsOnly(Map.entry("nickname", new StringValue("")));
    }

    @Test
    void shouldInferTheTypeOfEachNewAttributeFromItsFirstValue() {
        // When
        apply(upsert("1", "r1", T1, fields(
                "vip", true, "orders_count", 3L, "score", 4.5, "signed_up", "2022-02-25",
                "last_seen", "2022-02-25T21:00:00.000Z", "tags", scalars("a", "b"),
                "purchases", items(item("id", 1L, "amount", 123L)), "nickname", "Ada")));
        // Then
        assertThat(values()).containsOnly(
                Map.entry("vip", new BooleanValue(true)),
                Map.entry("orders_count", new IntegerValue(3L)),
                Map.entry("score", new NumberValue("4.5")),
                Map.entry("signed_up", new DateValue(Instant.parse("2022-02-25T00:00:00Z"))),
                Map.entry("last_seen", new DateValue(Instant.parse("2022-02-25T21:00:00Z"))),
                Map.entry("tags", new CollectionValue(List.of("a", "b"))),
                Map.entry("purchases", new ArrayValue(List.of(item("id", 1L, "amount", 123L)))),
                Map.entry("nickname", new StringValue("Ada")));
    }

    @Test
    void shouldCoerceAValueToTheTypeTheAttributeAlreadyHas() {
        // Given
        apply(upsert("1", "r1", T1, fields("orders_count", 3L, "signed_up", "2022-02-25")));
        // When
        apply(upsert("1", "r2", T2, fields("orders_count", "7", "signed_up", "03/01/2022")));
        // Then
        assertThat(values()).containsOnly(
                Map.entry("orders_count", new IntegerValue(7L)),
                Map.entry("signed_up", new DateValue(Instant.parse("2022-03-01T00:00:00Z"))));
    }

    @Test
    void shouldRejectAnUncoercibleValueAndStillApplyTheRest() {
        // Given
        apply(upsert("1", "r1", T1, fields("orders_count", 3L, "plan", "free")));
        // When
        final CommandOutcome outcome = apply(upsert("1", "r2", T2, fields("orders_count", "many", "plan", "pro")));
        // Then
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.ProfileUpserted.class, upserted ->
                assertThat(upserted.rejections()).containsExactly(
                        new AttributeRejection("orders_count", "many", "integer: not an integer", "r2", T2)));
        assertThat(values()).containsOnly(
                Map.entry("orders_count", new IntegerValue(3L)),
                Map.entry("plan", new StringValue("pro")));
        assertThat(stored.orElseThrow().getRevision()).isEqualTo(2L);
    }

    @Test
    void shouldTypeANewAttributeByItsDeclaredType() {
        // When
        final CommandOutcome outcome = apply(Commands.command("1", "r1", T1, ApiFamily.RETENTLY, new UpsertAttributes(
                fields("seats", "12", "renewal", "2019-12-31", "note", "x"),
                Map.of("seats", "integer", "renewal", "date"))));
        // Then
        assertThat(outcome).isInstanceOf(CommandOutcome.ProfileUpserted.class);
        assertThat(values()).containsOnly(
                Map.entry("seats", new IntegerValue(12L)),
                Map.entry("renewal", new DateValue(Instant.parse("2019-12-31T00:00:00Z"))),
                Map.entry("note", new StringValue("x")));
    }

    @Test
    void shouldReplaceAWholeArrayWhenUpsertedAsAnAttribute() {
        // Given
        apply(upsert("1", "r1", T1, fields("purchases", items(item("id", 1L), item("id", 2L)))));
        // When
        apply(upsert("1", "r2", T2, fields("purchases", items(item("id", 3L)))));
        // Then
        assertThat(values()).containsOnly(Map.entry("purchases", new ArrayValue(List.of(item("id", 3L)))));
    }

    @Test
    void shouldReplaceArrayItemWithSameIdInPlaceAndAppendTheOthers() {
        // Given
        apply(upsertArrayItems("1", "r1", T1, "purchases",
                item("id", 1L, "amount", 123L), item("id", "2", "amount", 111L), item("amount", 5L)));
        // When
        apply(upsertArrayItems("1", "r2", T2, "purchases",
                item("id", "1", "amount", 200L), item("amount", 6L), item("id", 9L, "amount", 1L)));
        // Then
        assertThat(values()).containsOnly(Map.entry("purchases", new ArrayValue(List.of(
                item("id", "1", "amount", 200L), item("id", "2", "amount", 111L), item("amount", 5L),
                item("amount", 6L), item("id", 9L, "amount", 1L)))));
    }

    @Test
    void shouldCreateAMissingCustomerWithItsFirstArrayItems() {
        // When
        final CommandOutcome outcome = apply(upsertArrayItems("2", "r1", T1, "booking", item("booking_number", 123L)));
        // Then
        assertThat(outcome).isInstanceOf(CommandOutcome.ProfileUpserted.class);
        assertThat(stored.orElseThrow().getRevision()).isEqualTo(1L);
        assertThat(values()).containsOnly(Map.entry("booking", new ArrayValue(List.of(item("booking_number", 123L)))));
    }

    @Test
    void shouldDeleteArrayItemsByIdKeepingTheOrderOfTheRest() {
        // Given
        apply(upsertArrayItems("1", "r1", T1, "purchases", item("id", 1L), item("id", 2L), item("x", 0L), item("id", 3L)));
        // When
        apply(deleteArrayItems("1", "r2", T2, "purchases", "2", "1", "404"));
        // Then
        assertThat(values()).containsOnly(Map.entry("purchases", new ArrayValue(List.of(item("x", 0L), item("id", 3L)))));
        assertThat(stored.orElseThrow().getAttributes().get("purchases").getUpdatedAt()).isEqualTo(T2);
    }

    @Test
    void shouldTreatDeletingItemsOfAMissingCustomerOrFieldAsNoError() {
        // When
        final CommandOutcome missingCustomer = apply(deleteArrayItems("1", "r1", T1, "purchases", "1"));
        apply(upsert("1", "r2", T2, fields("plan", "pro")));
        final CommandOutcome missingField = apply(deleteArrayItems("1", "r3", T3, "purchases", "1"));
        // Then
        assertThat(missingCustomer).isInstanceOf(CommandOutcome.NothingToChange.class);
        assertThat(missingField).isInstanceOf(CommandOutcome.ProfileUpserted.class);
        assertThat(values()).containsOnly(Map.entry("plan", new StringValue("pro")));
    }

    @Test
    void shouldRejectArrayItemsForAnAttributeOfAnotherType() {
        // Given
        apply(upsert("1", "r1", T1, fields("purchases", "none")));
        // When
        final CommandOutcome outcome = apply(upsertArrayItems("1", "r2", T2, "purchases", item("id", 1L)));
        // Then
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.ProfileUpserted.class, upserted ->
                assertThat(upserted.rejections()).extracting(AttributeRejection::getProperty).containsExactly("purchases"));
        assertThat(values()).containsOnly(Map.entry("purchases", new StringValue("none")));
    }

    @Test
    void shouldStartAFreshProfileAfterADelete() {
        // Given
        apply(upsert("1", "r1", T1, fields("plan", "pro", "orders_count", 3L)));
        // When
        final CommandOutcome deleted = apply(deleteCustomer("1", "r2", T2));
        apply(upsert("1", "r3", T3, fields("orders_count", 5L)));
        // Then
        assertThat(deleted).isInstanceOf(CommandOutcome.ProfileDeleted.class);
        final Profile profile = stored.orElseThrow();
        assertThat(profile.getRevision()).isEqualTo(1L);
        assertThat(profile.getCreatedAt()).isEqualTo(T3);
        assertThat(profile.getRejections()).isEmpty();
        assertThat(values()).containsOnly(Map.entry("orders_count", new IntegerValue(5L)));
    }

    @Test
    void shouldTreatDeletingAMissingCustomerAsNoError() {
        assertThat(apply(deleteCustomer("404", "r1", T1))).isInstanceOf(CommandOutcome.NothingToChange.class);
    }

    @Test
    void shouldEnrichAnEventWithTheProfileAsItStandsWithoutChangingIt() {
        // Given
        apply(upsert("1", "r1", T1, fields("plan", "pro")));
        final Profile before = stored.orElseThrow();
        // When
        final CommandOutcome outcome = apply(event("1", "r2", T2, "signup", fields("plan", "gold", "coupon", "W10")));
        // Then
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.EventEnriched.class, enriched -> {
            assertThat(enriched.event().getEventId()).isEqualTo("r2:0");
            assertThat(enriched.event().getName()).isEqualTo("signup");
            assertThat(enriched.event().getTimestamp()).isEqualTo(T2);
            assertThat(enriched.event().getData()).containsEntry("coupon", "W10");
            assertThat(enriched.event().getProfile()).isEqualTo(before);
        });
        assertThat(stored).contains(before);
    }

    @Test
    void shouldEnrichAnEventOfAnUnknownCustomerWithAnEmptyProfileAndStoreNothing() {
        // When
        final CommandOutcome outcome = apply(event("7", "r1", T4, "visit", Map.of()));
        // Then
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.EventEnriched.class, enriched -> {
            assertThat(enriched.event().getProfile().getCustomerId()).isEqualTo("7");
            assertThat(enriched.event().getProfile().getAttributes()).isEmpty();
            assertThat(enriched.event().getProfile().getRevision()).isZero();
        });
        assertThat(stored).isEmpty();
    }

    @Test
    void shouldRejectACommandWhoseKeyNamesAnotherCustomer() {
        // When
        final CommandOutcome outcome = folder.fold(new CustomerKey("demo", "2"), upsert("1", "r1", T1, fields("plan", "pro")), Optional.empty());
        // Then
        assertThat(outcome).isEqualTo(new CommandOutcome.CommandRejected("key customer_id '2' differs from the command's '1'"));
    }

    @Test
    void shouldRejectInvalidCommandsAsAWhole() {
        // Given
        apply(upsert("1", "r1", T1, fields("plan", "pro")));
        final List<CustomerCommand> invalid = List.of(
                upsert("1", "r2", T2, fields(" ", "blank name")),
                upsert("1", "r2", T2, fields("n".repeat(201), "too long a name")),
                upsert("1", "r2", T2, fields("plan", "x".repeat(1001))),
                upsert("1", "r2", T2, fields("purchases", items(item("id", true)))),
                upsertArrayItems("1", "r2", T2, "purchases", item("id", 1.5)),
                upsertArrayItems("1", "r2", T2, "", item("id", 1L)),
                deleteArrayItems("1", "r2", T2, "purchases", " "),
                event("1", "r2", T2, "e".repeat(51), Map.of()),
                Commands.command("1", "r2", T2, ApiFamily.RETENTLY, new UpsertAttributes(fields("seats", "1"), Map.of("seats", "money"))));
        // When
        final List<CommandOutcome> outcomes = invalid.stream().map(this::apply).toList();
        // Then
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(CommandOutcome.CommandRejected.class));
        assertThat(stored.orElseThrow().getRevision()).isEqualTo(1L);
        assertThat(values()).containsOnly(Map.entry("plan", new StringValue("pro")));
    }

    @Test
    void shouldRejectACustomerIdLongerThan255Characters() {
        // Given
        final String id = "c".repeat(256);
        // When
        final CommandOutcome outcome = folder.fold(key(id), upsert(id, "r1", T1, fields("plan", "pro")), Optional.empty());
        // Then
        assertThat(outcome).isEqualTo(new CommandOutcome.CommandRejected("customer_id is longer than 255 characters"));
    }

    @Test
    void shouldNotShareStateBetweenTheStoredAndTheNextProfile() {
        // Given
        apply(upsertArrayItems("1", "r1", T1, "purchases", item("id", 1L)));
        final Profile first = stored.orElseThrow();
        final List<ArrayItem> firstItems = List.copyOf(((ArrayValue) first.getAttributes().get("purchases").getValue()).getItems());
        // When
        apply(upsertArrayItems("1", "r2", T2, "purchases", item("id", 2L)));
        // Then
        assertThat(((ArrayValue) first.getAttributes().get("purchases").getValue()).getItems()).isEqualTo(firstItems);
        assertThat(first.getRevision()).isEqualTo(1L);
    }

    @Test
    void shouldAcceptAFifteenthArrayFieldAndRejectASixteenth() {
        // Given: 14 array fields
        for (int i = 1; i <= 14; i++) {
            apply(upsertArrayItems("1", "r" + i, T1, "array_" + i, item("id", 1L)));
        }
        // When
        final CommandOutcome fifteenth = apply(upsertArrayItems("1", "r15", T2, "array_15", item("id", 1L)));
        final CommandOutcome sixteenth = apply(upsert("1", "r16", T3, fields("array_16", items(item("id", 1L)), "plan", "pro")));
        // Then
        assertThat(fifteenth).isInstanceOfSatisfying(CommandOutcome.ProfileUpserted.class, upserted ->
                assertThat(upserted.rejections()).isEmpty());
        assertThat(sixteenth).isInstanceOfSatisfying(CommandOutcome.ProfileUpserted.class, upserted ->
                assertThat(upserted.rejections()).extracting(AttributeRejection::getProperty, AttributeRejection::getReason)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("array_16", "a customer has at most 15 array fields")));
        assertThat(values()).hasSize(16).containsKey("plan").doesNotContainKey("array_16");
    }

    @Test
    void shouldStillReplaceAnExistingArrayFieldWhenTheCustomerHasFifteen() {
        // Given
        for (int i = 1; i <= 15; i++) {
            apply(upsertArrayItems("1", "r" + i, T1, "array_" + i, item("id", 1L)));
        }
        // When
        apply(upsert("1", "r16", T2, fields("array_3", items(item("id", 2L)))));
        // Then
        assertThat(values().get("array_3")).isEqualTo(new ArrayValue(List.of(item("id", 2L))));
        assertThat(stored.orElseThrow().getRejections()).isEmpty();
    }

    @Test
    void shouldRejectANewFieldBeyondFiveHundredOnOneCustomer() {
        // Given: 500 fields
        final Map<String, Object> many = new HashMap<>();
        for (int i = 1; i <= 500; i++) {
            many.put("f" + i, (long) i);
        }
        apply(upsert("1", "r1", T1, many));
        // When
        final CommandOutcome outcome = apply(upsert("1", "r2", T2, fields("f501", 1L, "f1", 0L)));
        // Then
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.ProfileUpserted.class, upserted ->
                assertThat(upserted.rejections()).extracting(AttributeRejection::getProperty).containsExactly("f501"));
        assertThat(values()).hasSize(500).containsEntry("f1", new IntegerValue(0L));
    }

    @Test
    void shouldHoldAValueOfAnUndecidedPropertyAsProvisionalWithoutRejectingIt() {
        // When: a declared integer that is not one, before the catalog knows the property
        final CommandOutcome outcome = folder.fold(key("1"), Commands.command("1", "r1", T1, ApiFamily.RETENTLY,
                new UpsertAttributes(fields("seats", "many"), Map.of("seats", "integer"))), Optional.empty());
        // Then: the catalog's decision settles it (string would hold it)
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.ProfileUpserted.class, upserted -> {
            assertThat(upserted.rejections()).isEmpty();
            assertThat(upserted.provisional()).containsExactly(
                    new CommandOutcome.Provisional("seats", org.opencdp.schemas.values.AttributeType.INTEGER, "many"));
            assertThat(upserted.profile().getAttributes()).doesNotContainKey("seats");
        });
    }

    @Test
    void shouldRecordANumberOutOfRangeAsARejectionAndApplyTheRestOfTheCommand() {
        // Given a number property, first written "24" through an Attentive route
        apply(Commands.command("1", "r1", T1, ApiFamily.ATTENTIVE, new UpsertAttributes(fields("bomb", "24"), Map.of())));
        // When the finding of issue 12 arrives straight on the topic, with another value
        final CommandOutcome outcome = apply(Commands.command("1", "r2", T2, ApiFamily.ATTENTIVE,
                new UpsertAttributes(fields("bomb", "1e99999999999", "plan", "pro"), Map.of())));
        // Then the bomb is a recorded rejection, the previous value stays and the rest applies
        assertThat(outcome).isInstanceOfSatisfying(CommandOutcome.ProfileUpserted.class, upserted ->
                assertThat(upserted.rejections()).singleElement().satisfies(rejection -> {
                    assertThat(rejection.getProperty()).isEqualTo("bomb");
                    assertThat(rejection.getReason()).startsWith("number: number out of range");
                    assertThat(rejection.getRequestId()).isEqualTo("r2");
                }));
        assertThat(values()).containsEntry("bomb", new NumberValue("24")).containsEntry("plan", new StringValue("pro"));
    }

    @Test
    void shouldKeepOnlyTheNewestHundredRejections() {
        // Given
        apply(upsert("1", "r0", T1, fields("n", 1L)));
        // When: 105 rejected writes
        for (int i = 1; i <= 105; i++) {
            apply(upsert("1", "r" + i, T2, fields("n", "x" + i)));
        }
        // Then
        assertThat(stored.orElseThrow().getRejections()).hasSize(100)
                .first().extracting(AttributeRejection::getRequestId).isEqualTo("r6");
    }

    @Test
    void shouldCountNameAndTextLengthsInCharactersNotUtf16Units() {
        // Given: 200 and 1000 emoji (400 and 2000 UTF-16 units), as ingest-api accepts them
        final String name = "\uD83D\uDE00".repeat(200);
        final String text = "\uD83D\uDE00".repeat(1000);
        // When
        final CommandOutcome outcome = apply(upsert("1", "r1", T1, fields(name, text)));
        // Then
        assertThat(outcome).isInstanceOf(CommandOutcome.ProfileUpserted.class);
        assertThat(values()).containsEntry(name, new StringValue(text));
    }
}
