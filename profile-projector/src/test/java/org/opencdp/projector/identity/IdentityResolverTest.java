package org.opencdp.projector.identity;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.ProfileIdentity;

class IdentityResolverTest {

    private static final Identifier EMAIL = new Identifier(IdentifierKinds.EMAIL, null, "ann@example.com");
    private static final Identifier PHONE = new Identifier(IdentifierKinds.PHONE, null, "+13115552368");
    private static final Identifier LOYALTY = new Identifier(IdentifierKinds.CUSTOM, "loyalty", "L-7");

    private final IdentityResolver resolver = new IdentityResolver();

    /** An index held in maps, updated with each resolution as the processor does. */
    private static final class Index implements IdentityIndex {
        private final Map<Identifier, String> holders = new HashMap<>();
        private final Map<String, ProfileIdentity> profiles = new HashMap<>();

        @Override
        public Optional<String> holder(final Identifier identifier) {
            return Optional.ofNullable(holders.get(identifier));
        }

        @Override
        public Optional<ProfileIdentity> profile(final String profileId) {
            return Optional.ofNullable(profiles.get(profileId));
        }

        Resolution apply(final Resolution resolution) {
            profiles.putAll(resolution.profiles());
            holders.putAll(resolution.assignments());
            return resolution;
        }
    }

    private final Index index = new Index();

    private Resolution resolve(final String requestId, final Instant at, final Identifier... identifiers) {
        return index.apply(resolver.resolve(requestId, List.of(identifiers), at, Optional.empty(), index));
    }

    @Test
    void shouldNameANewProfileAfterItsCustomerIdElseEmailElsePhoneElseCustomIdentifier() {
        assertThat(IdentifierKinds.newProfileId(List.of(EMAIL, IdentifierKinds.customerId("42")))).isEqualTo("42");
        assertThat(IdentifierKinds.newProfileId(List.of(PHONE, EMAIL))).isEqualTo("ann@example.com");
        assertThat(IdentifierKinds.newProfileId(List.of(LOYALTY, PHONE))).isEqualTo("+13115552368");
        assertThat(IdentifierKinds.newProfileId(List.of(LOYALTY))).isEqualTo("loyalty:L-7");
    }

    @Test
    void shouldCreateAProfileForUnknownIdentifiersAndFindItAgainByAnyOfThem() {
        // Given
        final Resolution created = resolve("r1", T1, EMAIL, LOYALTY);
        // When
        final Resolution found = resolve("r2", T2, LOYALTY);
        // Then
        assertThat(created.existing()).isFalse();
        assertThat(found.profileId()).isEqualTo("ann@example.com");
        assertThat(found.existing()).isTrue();
        assertThat(found.merges()).isEmpty();
    }

    @Test
    void shouldTakeAnUnassignedCustomerIdToNameTheProfileWithThatId() {
        // When
        final Resolution resolution = resolve("r1", T1, IdentifierKinds.customerId("42"), EMAIL);
        // Then
        assertThat(resolution.profileId()).isEqualTo("42");
        assertThat(index.holder(EMAIL)).contains("42");
    }

    @Test
    void shouldMergeBridgedProfilesIntoTheOldestWithDeterministicMergeIds() {
        // Given
        resolve("r1", T2, PHONE);
        resolve("r2", T1, EMAIL);
        // When
        final Resolution bridged = resolve("r3", T3, PHONE, EMAIL);
        // Then the email profile, created at T1, survives
        assertThat(bridged.profileId()).isEqualTo("ann@example.com");
        assertThat(bridged.merges()).containsExactly(
                new Resolution.Merge(IdentityResolver.mergeId("r3", "+13115552368"), "+13115552368"));
        assertThat(IdentityResolver.mergeId("r3", "+13115552368")).matches("m-[0-9a-f]{24}");
        assertThat(index.holder(PHONE)).contains("ann@example.com");
        assertThat(index.profile("+13115552368").orElseThrow().getMergedInto()).isEqualTo("ann@example.com");
        assertThat(index.profile("ann@example.com").orElseThrow().getIdentifiers()).containsExactlyInAnyOrder(EMAIL, PHONE);
    }

    @Test
    void shouldFollowAMergedProfileToItsSurvivor() {
        // Given
        resolve("r1", T1, EMAIL);
        resolve("r2", T2, IdentifierKinds.customerId("42"));
        resolve("r3", T3, EMAIL, IdentifierKinds.customerId("42"));
        // When a request names the absorbed customer id only
        final Resolution resolution = resolve("r4", T3, IdentifierKinds.customerId("42"));
        // Then
        assertThat(resolution.profileId()).isEqualTo("ann@example.com");
        assertThat(resolution.merges()).isEmpty();
    }

    @Test
    void shouldMergeARegisteredProfileWithTheProfileHoldingItsIdentifier() {
        // Given a profile holds the email; customer 42 (created earlier, by id) registers it
        resolve("r1", T2, EMAIL);
        index.profiles.put("42", new ProfileIdentity(T1, new ArrayList<>(), null));
        // When
        final Resolution resolution = index.apply(resolver.resolve("reg", List.of(EMAIL), T1, Optional.of("42"), index));
        // Then the older one, 42, absorbs the email profile
        assertThat(resolution.profileId()).isEqualTo("42");
        assertThat(resolution.merges()).extracting(Resolution.Merge::absorbedId).containsExactly("ann@example.com");
    }
}
