package org.opencdp.projector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.Profile;

class ProfileViewTest {

    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2024-05-01T10:00:05.250Z");

    @Test
    void shouldShowRejectionsOldestFirstWithTheirRequestIds() {
        // Given
        final Profile profile = new Profile("demo", "c1", Map.of("age", new Attribute(new IntegerValue(42L), T1, "r1")),
                T1, T2, "r2", 2L, List.of(
                new AttributeRejection("age", "old", "not an integer: old", "r1", T1),
                new AttributeRejection("born", "31/12/2019", "not a date: 31/12/2019", "r2", T2)),
                List.of(), List.of(), List.of(), null, null, null);
        // When
        final ProfileView view = ProfileView.of(profile);
        // Then
        assertThat(view.rejections()).containsExactly(
                new ProfileView.RejectionView("age", "old", "not an integer: old", "r1", "2024-05-01T10:00:00Z"),
                new ProfileView.RejectionView("born", "31/12/2019", "not a date: 31/12/2019", "r2", "2024-05-01T10:00:05.250Z"));
        assertThat(view.attributes()).containsEntry("age", new ProfileView.AttributeView("integer", 42L));
    }

    @Test
    void shouldShowAnEmptyListWhenNothingWasRejected() {
        // Given
        final Profile profile = new Profile("demo", "c1", Map.of(), T1, T1, "r1", 1L, List.of(), List.of(), List.of(), List.of(), null, null, null);
        // When
        final ProfileView view = ProfileView.of(profile);
        // Then
        assertThat(view.rejections()).isEmpty();
        assertThat(view.revision()).isEqualTo(1L);
    }
}
