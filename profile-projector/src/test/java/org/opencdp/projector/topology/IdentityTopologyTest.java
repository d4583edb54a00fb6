package org.opencdp.projector.topology;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.opencdp.projector.Times.T4;
import static org.opencdp.projector.Times.T5;
import static org.opencdp.projector.Times.T6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.WORKSPACE;
import static org.opencdp.projector.Commands.deleteCustomer;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.upsert;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.Profile;
import org.opencdp.avro.ProfileIdentity;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.UndoMerge;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.projector.Commands;
import org.opencdp.schemas.values.Limits;
import org.opencdp.projector.customer.PlatformEvents;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.schemas.Topics;

/** Identity resolution, merging, redirects, un-merging and subscriptions, through the whole topology. */
class IdentityTopologyTest {

    private static final String EMAIL = "ann@example.com";
    private static final String PHONE = "+13115552368";

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("identity-topology-test",
            registry -> new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24), 3));

    private final TestInputTopic<WorkspaceKey, IdentityCommand> identity = projector.input(Topics.IDENTITY_COMMANDS);
    private final TestOutputTopic<CustomerKey, EnrichedEvent> events = projector.output(Topics.ENRICHED_EVENTS);
    private final TestOutputTopic<byte[], byte[]> deadLetters = projector.deadLetters(Topics.CUSTOMER_COMMANDS_DLQ);
    private final TestOutputTopic<byte[], byte[]> identityDeadLetters = projector.deadLetters(Topics.IDENTITY_COMMANDS_DLQ);
    private final KeyValueStore<CustomerKey, Profile> profiles = projector.store(ProjectorTopology.PROFILE_STORE);
    private final KeyValueStore<String, String> index = projector.store(ProjectorTopology.IDENTITY_INDEX_STORE);
    private final KeyValueStore<String, ProfileIdentity> identities = projector.store(ProjectorTopology.PROFILE_IDENTITIES_STORE);

    private static Identifier email(final String value) {
        return new Identifier(IdentifierKinds.EMAIL, null, value);
    }

    private static Identifier phone(final String value) {
        return new Identifier(IdentifierKinds.PHONE, null, value);
    }

    private static Identifier clientUserId(final String value) {
        return new Identifier(IdentifierKinds.CUSTOMER_ID, null, value);
    }

    /** An Attentive request: its identifiers and one attribute upsert (and any further commands). */
    private void identify(final String requestId, final Instant at, final List<Identifier> identifiers,
                          final Map<String, Object> attributes, final Object... more) {
        final List<CustomerCommand> requestCommands = new java.util.ArrayList<>();
        requestCommands.add(new CustomerCommand(requestId + ":0", WORKSPACE, "", requestId, at,
                "POST /v2/user/attributes", ApiFamily.ATTENTIVE,
                new UpsertAttributes(new HashMap<>(attributes), new HashMap<>()), null, false, null));
        for (int i = 0; i < more.length; i++) {
            requestCommands.add(new CustomerCommand(requestId + ":" + (i + 1), WORKSPACE, "", requestId, at,
                    "POST /v2/user/attributes", ApiFamily.ATTENTIVE, more[i], null, false, null));
        }
        identity.pipeInput(new WorkspaceKey(WORKSPACE), new IdentityCommand(requestId + "/0", WORKSPACE, requestId, at,
                "POST /v2/user/attributes", new IdentifyRequest(identifiers, requestCommands)), at);
    }

    private Profile profile(final String id) {
        return profiles.get(key(id));
    }

    private Object value(final String id, final String name) {
        final var attribute = profile(id).getAttributes().get(name);
        return attribute == null ? null : ((StringValue) attribute.getValue()).getValue();
    }

    private String holder(final Identifier identifier) {
        return index.get(StoreKeys.identifier(WORKSPACE, identifier));
    }

    private List<String> eventNames() {
        return events.readValuesToList().stream().map(EnrichedEvent::getName).toList();
    }

    /** Ann's email profile at T1 (color red, plan pro), her phone profile at T2 (color blue, city Oslo). */
    private void twoProfilesOfOnePerson() {
        identify("r1", T1, List.of(email(EMAIL)), Map.of("color", "red", "plan", "pro"));
        identify("r2", T2, List.of(phone(PHONE)), Map.of("color", "blue", "city", "Oslo"));
    }

    /** The request that shows both profiles are Ann: it names her email and her phone. */
    private void bridge(final Instant at) {
        identify("r3", at, List.of(email(EMAIL), phone(PHONE)), Map.of("tier", "gold"));
    }

    private String mergeId() {
        return profile(EMAIL).getMerges().getFirst().getMergeId();
    }

    @Test
    void shouldReachOneProfileThroughAnyOfItsIdentifiers() {
        // Given a user created with a client user id and an email
        identify("r1", T1, List.of(clientUserId("u-1"), email(EMAIL)), Map.of("color", "red"));
        // When a later request names only her email, another only her client user id
        identify("r2", T2, List.of(email(EMAIL)), Map.of("plan", "pro"));
        identify("r3", T3, List.of(clientUserId("u-1")), Map.of("city", "Oslo"));
        // Then all three writes are on the one profile, keyed by the client user id
        assertThat(profile("u-1").getAttributes()).containsOnlyKeys("color", "plan", "city");
        assertThat(profile("u-1").getIdentifiers()).containsExactlyInAnyOrder(clientUserId("u-1"), email(EMAIL));
        assertThat(profile(EMAIL)).isNull();
        assertThat(holder(email(EMAIL))).isEqualTo("u-1");
    }

    @Test
    void shouldKeyAProfileWithoutCustomerIdByItsEmail() {
        // When
        identify("r1", T1, List.of(email(EMAIL)), Map.of("color", "red"));
        // Then
        assertThat(value(EMAIL, "color")).isEqualTo("red");
        assertThat(eventNames()).containsExactly(PlatformEvents.CREATED, PlatformEvents.ATTRIBUTE_CHANGED);
    }

    @Test
    void shouldMergeBridgedProfilesIntoTheOldestWithTheNewerWritePerAttribute() {
        // Given
        twoProfilesOfOnePerson();
        events.readValuesToList();
        // When
        bridge(T3);
        // Then the email profile (created first) survives with everything
        final Profile survivor = profile(EMAIL);
        assertThat(survivor.getMergedInto()).isNull();
        assertThat(value(EMAIL, "color")).isEqualTo("blue");
        assertThat(value(EMAIL, "plan")).isEqualTo("pro");
        assertThat(value(EMAIL, "city")).isEqualTo("Oslo");
        assertThat(value(EMAIL, "tier")).isEqualTo("gold");
        assertThat(survivor.getIdentifiers()).containsExactlyInAnyOrder(email(EMAIL), phone(PHONE));
        assertThat(survivor.getCreatedAt()).isEqualTo(T1);
        final MergeRecord merge = survivor.getMerges().getFirst();
        assertThat(merge.getAbsorbedId()).isEqualTo(PHONE);
        assertThat(merge.getRequestId()).isEqualTo("r3");
        // And the phone profile keeps nothing but the redirect
        assertThat(profile(PHONE).getMergedInto()).isEqualTo(EMAIL);
        assertThat(profile(PHONE).getAttributes()).isEmpty();
        assertThat(holder(phone(PHONE))).isEqualTo(EMAIL);
        assertThat(identities.get(StoreKeys.profile(WORKSPACE, PHONE)).getMergedInto()).isEqualTo(EMAIL);
        // And the merge is an event workflows can start on
        final List<EnrichedEvent> merged = events.readValuesToList().stream()
                .filter(e -> e.getName().equals(PlatformEvents.MERGED)).toList();
        assertThat(merged).hasSize(1);
        assertThat(merged.getFirst().getCustomerId()).isEqualTo(EMAIL);
        assertThat(merged.getFirst().getData()).containsEntry("absorbed_id", PHONE)
                .containsEntry("merge_id", merge.getMergeId());
    }

    @Test
    void shouldLetTheOlderProfileSurviveWhicheverIdentifierComesFirst() {
        // Given the phone profile is the older one this time
        identify("r1", T1, List.of(phone(PHONE)), Map.of("color", "blue"));
        identify("r2", T2, List.of(email(EMAIL)), Map.of("color", "red"));
        // When
        identify("r3", T3, List.of(email(EMAIL), phone(PHONE)), Map.of());
        // Then
        assertThat(profile(PHONE).getMergedInto()).isNull();
        assertThat(profile(EMAIL).getMergedInto()).isEqualTo(PHONE);
        assertThat(value(PHONE, "color")).isEqualTo("red");
    }

    @Test
    void shouldKnowTheAgeOfAProfileCreatedByCustomerIdAndMergeIntoIt() {
        // Given a Retainly customer created by id before anyone wrote her email
        projector.send(upsert("42", "r0", T1, fields("plan", "basic")));
        identify("r1", T2, List.of(email(EMAIL)), Map.of("color", "red"));
        // When a request says client user id 42 has that email
        identify("r2", T3, List.of(clientUserId("42"), email(EMAIL)), Map.of());
        // Then customer 42, the older, absorbs the email profile
        assertThat(profile("42").getMergedInto()).isNull();
        assertThat(profile(EMAIL).getMergedInto()).isEqualTo("42");
        assertThat(value("42", "color")).isEqualTo("red");
        assertThat(profile("42").getIdentifiers()).containsExactlyInAnyOrder(clientUserId("42"), email(EMAIL));
    }

    @Test
    void shouldMergeARetentlySubscriberWithTheUserHoldingHerEmail() {
        // Given an Attentive user with a client user id and an email
        identify("r1", T1, List.of(clientUserId("u-1"), email(EMAIL)), Map.of("color", "red"));
        // When Retently writes the subscriber with that email (keyed by the email, not through the resolver)
        projector.send(Commands.command(EMAIL, "r2", T2, ApiFamily.RETENTLY,
                new UpsertAttributes(new HashMap<>(Map.of("nps", "9")), new HashMap<>())));
        // Then the fold registers the subscriber's email, and the resolver merges her into the older user
        assertThat(profile(EMAIL).getMergedInto()).isEqualTo("u-1");
        assertThat(value("u-1", "nps")).isEqualTo("9");
        assertThat(value("u-1", "color")).isEqualTo("red");
        // And later Retently writes reach the user too
        projector.send(Commands.command(EMAIL, "r3", T3, ApiFamily.RETENTLY,
                new UpsertAttributes(new HashMap<>(Map.of("nps", "10")), new HashMap<>())));
        assertThat(value("u-1", "nps")).isEqualTo("10");
    }

    @Test
    void shouldApplyACommandForAnAbsorbedProfileToItsSurvivor() {
        // Given
        twoProfilesOfOnePerson();
        bridge(T3);
        // When a producer writes to the absorbed id directly
        projector.send(upsert(PHONE, "r4", T4, fields("city", "Bergen")));
        // Then the survivor gets it, and the absorbed profile stays a redirect
        assertThat(value(EMAIL, "city")).isEqualTo("Bergen");
        assertThat(profile(PHONE).getAttributes()).isEmpty();
        assertThat(profile(PHONE).getMergedInto()).isEqualTo(EMAIL);
    }

    @Test
    void shouldUndoAMergeByRefoldingBothProfilesWithoutIt() {
        // Given a merge, then one write for each side
        twoProfilesOfOnePerson();
        bridge(T3);
        projector.send(upsert(PHONE, "r4", T4, fields("city", "Bergen")));
        projector.send(upsert(EMAIL, "r5", T5, fields("plan", "max")));
        // When an operator undoes the merge
        projector.send(Commands.command(EMAIL, "undo-1", T6, ApiFamily.UPSTREAM, new UndoMerge(mergeId())));
        // Then each profile is the fold of its own commands
        assertThat(profile(EMAIL).getAttributes()).containsOnlyKeys("color", "plan", "tier");
        assertThat(value(EMAIL, "color")).isEqualTo("red");
        assertThat(value(EMAIL, "plan")).isEqualTo("max");
        assertThat(profile(EMAIL).getIdentifiers()).containsExactly(email(EMAIL));
        assertThat(profile(EMAIL).getMerges().getFirst().getUndone()).isTrue();
        assertThat(profile(PHONE).getMergedInto()).isNull();
        assertThat(profile(PHONE).getAttributes()).containsOnlyKeys("color", "city");
        assertThat(value(PHONE, "city")).isEqualTo("Bergen");
        assertThat(profile(PHONE).getIdentifiers()).containsExactly(phone(PHONE));
        // And the phone is the phone profile's again
        assertThat(holder(phone(PHONE))).isEqualTo(PHONE);
        identify("r7", T6.plusSeconds(1), List.of(phone(PHONE)), Map.of("color", "green"));
        assertThat(value(PHONE, "color")).isEqualTo("green");
        assertThat(value(EMAIL, "color")).isEqualTo("red");
    }

    @Test
    void shouldRefuseToUndoAMergeOnceTooManyCommandsFollowedIt() {
        // Given a merge, then more commands than the journal keeps (3 in this test)
        twoProfilesOfOnePerson();
        bridge(T3);
        for (int i = 0; i < 4; i++) {
            projector.send(upsert(EMAIL, "r-later-" + i, T4.plusSeconds(i), fields("n", "v" + i)));
        }
        assertThat(profile(EMAIL).getMerges().getFirst().getUndoable()).isFalse();
        // When
        projector.send(Commands.command(EMAIL, "undo-1", T6, ApiFamily.UPSTREAM, new UndoMerge(mergeId())));
        // Then nothing changes and the command is dead-lettered with its reason
        assertThat(profile(PHONE).getMergedInto()).isEqualTo(EMAIL);
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8))
                .contains("can no longer be undone");
    }

    @Test
    void shouldRecordARepeatedSubscriptionAndSayItWasAlreadySubscribed() {
        // Given
        identify("r1", T1, List.of(phone(PHONE)), Map.of(), new Subscribe("TEXT", "MARKETING", "src-1", null));
        // When
        identify("r2", T2, List.of(phone(PHONE)), Map.of(), new Subscribe("TEXT", "MARKETING", "src-1", null));
        // Then
        final var subscriptions = profile(PHONE).getSubscriptions();
        assertThat(subscriptions).hasSize(1);
        assertThat(subscriptions.getFirst().getSubscribedAt()).isEqualTo(T1);
        assertThat(subscriptions.getFirst().getRepeatedAttempts()).isEqualTo(1);
        assertThat(subscriptions.getFirst().getLastAttemptAt()).isEqualTo(T2);
        assertThat(eventNames()).containsSubsequence(PlatformEvents.SUBSCRIBED, PlatformEvents.ALREADY_SUBSCRIBED);
    }

    @Test
    void shouldFreeTheIdentifiersOfADeletedProfile() {
        // Given
        identify("r1", T1, List.of(email(EMAIL)), Map.of("color", "red"));
        // When
        projector.send(deleteCustomer(EMAIL, "r2", T2));
        identify("r3", T3, List.of(email(EMAIL)), Map.of("plan", "pro"));
        // Then the email names a fresh profile
        assertThat(profile(EMAIL).getAttributes()).containsOnlyKeys("plan");
        assertThat(profile(EMAIL).getRevision()).isEqualTo(2L);
        assertThat(identities.get(StoreKeys.profile(WORKSPACE, EMAIL)).getCreatedAt()).isEqualTo(T3);
    }

    @Test
    void shouldDeadLetterAnIdentityRequestWithoutIdentifiers() {
        // When
        identity.pipeInput(new WorkspaceKey(WORKSPACE), new IdentityCommand("r1/0", WORKSPACE, "r1", T1, "upstream",
                new IdentifyRequest(List.of(), List.of())), T1);
        // Then
        final TestRecord<byte[], byte[]> dead = identityDeadLetters.readRecord();
        assertThat(new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8))
                .contains("at least one identifier");
        assertThat(profiles.approximateNumEntries()).isZero();
    }

    @Test
    void shouldDeadLetterAnIdentityRequestWithAnOverlongOrControlCharacterIdentifierAndResolveTheNext() {
        // Given identifiers the index would be keyed by: 400,000 characters (a key past what Kafka takes), and U+0000
        final Identifier huge = new Identifier("custom", "loyalty", "é".repeat(400_000));
        final Identifier control = new Identifier("custom", "loyalty", "a\u0000b");
        // When each arrives straight on the topic, then a sound request
        identity.pipeInput(new WorkspaceKey(WORKSPACE), new IdentityCommand("r1/0", WORKSPACE, "r1", T1, "upstream",
                new IdentifyRequest(List.of(huge), List.of())), T1);
        identity.pipeInput(new WorkspaceKey(WORKSPACE), new IdentityCommand("r2/0", WORKSPACE, "r2", T2, "upstream",
                new IdentifyRequest(List.of(control), List.of())), T2);
        identify("r3", T3, List.of(email(EMAIL)), Map.of("plan", "pro"));
        // Then both are dead letters naming the rule, and the next one is resolved
        assertThat(identityDeadLetters.readRecordsToList()).extracting(dead -> new String(
                        dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8))
                .satisfiesExactly(
                        reason -> assertThat(reason).contains("longer than 255 characters"),
                        reason -> assertThat(reason).contains("control characters"));
        assertThat(profile(EMAIL).getAttributes()).containsOnlyKeys("plan");
    }
}
