package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.avro.Identifier;
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

    @ParameterizedTest
    @MethodSource("forgedEntries")
    void shouldRefuseToUndoAnEntryThatDoesNotFitTheProfileNamingItsTime(final HistoryEntry forged) {
        // Given a profile, and an entry after it that no fold made (a step a forged command brought)
        folding.fold(upsert("7", "r1", T1, Map.of("plan", "free")));
        final List<HistoryEntry> history = new ArrayList<>(folding.newestFirst());
        history.addFirst(forged);

        // When it is asked as of before that entry; Then the entry is named, with its time, not a broken profile
        assertThatThrownBy(() -> ProfileHistory.asOf(folding.profile().orElseThrow(), history, T2))
                .isInstanceOfSatisfying(HistoryMismatch.class, mismatch -> assertThat(mismatch.at()).isEqualTo(T3));
    }

    static List<HistoryEntry> forgedEntries() {
        final HistorySource producer = new HistorySource(HistorySource.Kind.PRODUCER, null);
        return List.of(
                // an identifier removed from position 7 of a list of one
                new HistoryEntry(T3, HistoryKind.IDENTIFIER, "email", null, 7, new Identifier("email", null, "a@b.c"),
                        null, "r9", producer),
                // an attribute whose old value is no attribute
                new HistoryEntry(T3, HistoryKind.ATTRIBUTE, "plan", null, -1, "free", null, "r9", producer),
                // a subscription put back that is an identifier
                new HistoryEntry(T3, HistoryKind.SUBSCRIPTION, "TEXT/MARKETING", null, 0,
                        new Identifier("email", null, "a@b.c"), null, "r9", producer),
                // an item of a field that is no array
                new HistoryEntry(T3, HistoryKind.ARRAY_ITEM, "plan", "1", 0, null, "x", "r9", producer),
                // a creation time undone to nothing
                new HistoryEntry(T3, HistoryKind.MERGE, HistoryDiff.CREATED_AT, null, -1, null, T3, "r9", producer));
    }
}
