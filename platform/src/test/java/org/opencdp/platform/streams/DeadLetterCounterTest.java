package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

class DeadLetterCounterTest {

    @Test
    void shouldTagADeadLetterWithTheCategoryItsReasonStartsWithNeverItsText() {
        // Given reasons as the processors write them
        // Then the category is the word before the first colon
        assertThat(DeadLetterCounter.category("unreadable: not Avro")).isEqualTo("unreadable");
        assertThat(DeadLetterCounter.category("invalid: a profile cannot be merged into itself")).isEqualTo("invalid");
        assertThat(DeadLetterCounter.category("failed: IllegalStateException: boom")).isEqualTo("failed");
        assertThat(DeadLetterCounter.category("misplaced: read from partition 1 of 3")).isEqualTo("misplaced");
        assertThat(DeadLetterCounter.category("too_large: not merged: 2 MB")).isEqualTo("too_large");
    }

    @Test
    void shouldCountAReasonOfNoKnownCategoryAsOtherSoThatTheSeriesStayBounded() {
        // A reason without a category, or whose first word is free text, never becomes a tag value of its own
        assertThat(DeadLetterCounter.category("no colon here")).isEqualTo(DeadLetterCounter.OTHER);
        assertThat(DeadLetterCounter.category("customer 42: bad")).isEqualTo(DeadLetterCounter.OTHER);
        assertThat(DeadLetterCounter.category("")).isEqualTo(DeadLetterCounter.OTHER);
    }

    @Test
    void shouldCountDeadLettersByTheTopicTheyWereReadFromAndTheirCategory() {
        // Given a registry
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When two invalid commands and one unreadable one are dead-lettered, and one of no known source
        DeadLetterCounter.count(registry, "customer-commands", "invalid: no id");
        DeadLetterCounter.count(registry, "customer-commands", "invalid: bad type");
        DeadLetterCounter.count(registry, "customer-commands", "unreadable: not Avro");
        DeadLetterCounter.count(registry, "", "failed: boom");

        // Then each (topic, category) pair has its count
        assertThat(registry.get(DeadLetterCounter.NAME).tags("topic", "customer-commands", "reason", "invalid")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get(DeadLetterCounter.NAME).tags("topic", "customer-commands", "reason", "unreadable")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get(DeadLetterCounter.NAME).tags("topic", "unknown", "reason", "failed")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get(DeadLetterCounter.NAME).counters()).hasSize(3);
    }
}
