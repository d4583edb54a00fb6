package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;

class ProfileHistoryTest {

    private final Folding folding = new Folding();

    @Test
    void shouldAnswerNothingBeforeTheProfileWasCreated() {
        folding.fold(upsert("7", "r1", T2, Map.of("plan", "free")));

        assertThat(ProfileHistory.asOf(folding.profile().orElseThrow(), folding.newestFirst(), T1)).isEmpty();
        assertThat(ProfileHistory.asOf(folding.profile().orElseThrow(), folding.newestFirst(), T2)).isPresent();
    }

    @Test
    void shouldStampTheProfileAsOfItsNewestChangeAtOrBeforeTheInstant() {
        // Given a plan set at T1 and changed at T3
        folding.fold(upsert("7", "r1", T1, Map.of("plan", "free")));
        folding.fold(upsert("7", "r3", T3, Map.of("plan", "pro")));

        // When asked as of T2
        final Profile then = ProfileHistory.asOf(folding.profile().orElseThrow(), folding.newestFirst(), T2).orElseThrow();

        // Then it holds the T1 value, last changed at T1 by r1, and the current profile is untouched
        assertThat(then.getAttributes().get("plan").getValue()).isEqualTo(new StringValue("free"));
        assertThat(then.getUpdatedAt()).isEqualTo(T1);
        assertThat(then.getLastRequestId()).isEqualTo("r1");
        assertThat(folding.profile().orElseThrow().getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
    }

    @Test
    void shouldAnswerTheCurrentProfileAsOfNow() {
        folding.fold(upsert("7", "r1", T1, Map.of("plan", "free")));
        folding.fold(upsert("7", "r2", T2, Map.of("plan", "free")));

        assertThat(ProfileHistory.asOf(folding.profile().orElseThrow(), folding.newestFirst(), T3))
                .contains(folding.profile().orElseThrow());
    }
}
