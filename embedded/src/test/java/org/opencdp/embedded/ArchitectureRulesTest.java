package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArchitectureRulesTest {

    @Test
    void shouldFailAModuleThatBuildsAKafkaClientItself() {
        // Given this module, whose TopicCreation (test infrastructure, no service) creates its admin client itself
        final ArchitectureRules rules = new ArchitectureRules("org.opencdp.embedded");

        // When the factory rule is checked, then it names that class
        assertThatThrownBy(rules::kafkaClientsComeFromTheFactory).isInstanceOf(AssertionError.class)
                .hasMessageContaining("TopicCreation").hasMessageContaining("Admin.create");
    }
}
