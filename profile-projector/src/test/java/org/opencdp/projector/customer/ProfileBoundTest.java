package org.opencdp.projector.customer;

import static org.opencdp.projector.Times.T1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RecordSize;

class ProfileBoundTest {

    private final ProfileBound bound = new ProfileBound(4096);

    private static Profile profileWithText(final String text) {
        final Map<String, Attribute> attributes = new HashMap<>();
        attributes.put("note", new Attribute(new StringValue(text), T1, "r1"));
        final Profile profile = Profiles.fresh("w", "c", T1, List.of());
        profile.setAttributes(attributes);
        return profile;
    }

    private static EnrichedEvent event(final Profile profile, final String data) {
        return new EnrichedEvent("e1", "w", "c", "r1", "signed_in", new HashMap<>(Map.of("d", data)), T1, profile,
                List.of());
    }

    @Test
    void shouldMeasureTheWireSizeOfARecord() {
        // Given a profile with one attribute of 1,000 two-byte characters
        final Profile profile = profileWithText("é".repeat(1000));
        // Then its wire size holds the 2,000 bytes of text and the 5-byte wire header
        assertThat(RecordSize.of(profile)).isBetween(2005L, 2100L);
    }

    @Test
    void shouldAcceptAProfileAtTheBoundAndRefuseOneByteMore() {
        // Given a profile whose encoded size is exactly the bound
        final long overhead = RecordSize.of(profileWithText(""));
        // Length prefix of the string grows from 1 to 2 bytes past 63 characters.
        final Profile atBound = profileWithText("a".repeat((int) (4096 - overhead - 1)));
        assertThat(RecordSize.of(atBound)).isEqualTo(4096);
        // Then it is accepted, and one more byte is not
        assertThat(bound.violation(atBound, List.of())).isEmpty();
        assertThat(bound.violation(profileWithText("a".repeat((int) (4096 - overhead))), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("4097 bytes").contains("4096")
                        .contains("cdp.projector.max-profile-bytes"));
    }

    @Test
    void shouldBoundAnEventByTheProfileBoundAndHalfOfItAgain() {
        // Given a profile well within the bound
        final Profile profile = profileWithText("a".repeat(3000));
        // Then an event carrying it with 2,000 bytes of data fits the 6,144 bytes an event may take, and 4,000 do not
        assertThat(bound.maxCarrierBytes()).isEqualTo(6144);
        assertThat(bound.violation(profile, List.of(event(profile, "b".repeat(2000))))).isEmpty();
        assertThat(bound.violation(profile, List.of(event(profile, "b".repeat(4000)))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("signed_in").contains("6144"));
    }

    @Test
    void shouldKeepTheDefaultBoundAndItsEventsWithinATopicsRecordWithMargin() {
        assertThat(ProfileBound.DEFAULT.maxProfileBytes()).isEqualTo(512 * 1024);
        assertThat(ProfileBound.DEFAULT.maxCarrierBytes()).isLessThanOrEqualTo(Topics.MAX_RECORD_BYTES * 3 / 4);
        assertThatThrownBy(() -> new ProfileBound(Topics.MAX_RECORD_BYTES)).isInstanceOf(IllegalArgumentException.class);
    }
}
