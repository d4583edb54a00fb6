package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void shouldDeriveTheSameIdForTheSameEventAndWorkflow() {
        // Given / When the id of one (event, workflow) is derived twice
        final String first = RunIds.of("req-1:0", "wf-1");
        final String second = RunIds.of("req-1:0", "wf-1");

        // Then it is the same name-based UUID
        assertThat(first).isEqualTo(second);
        assertThat(UUID.fromString(first).version()).isEqualTo(3);
    }

    @Test
    void shouldDeriveDistinctIdsForOtherEventsOrWorkflows() {
        assertThat(RunIds.of("req-1:0", "wf-1"))
                .isNotEqualTo(RunIds.of("req-1:1", "wf-1"))
                .isNotEqualTo(RunIds.of("req-1:0", "wf-2"));
        assertThat(RunIds.of("req-1:0", "wf-1")).isNotEqualTo(RunIds.of("wf-1", "req-1:0"));
    }
}
