package org.opencdp.embedded;

import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tests of {@link ArchitectureRules} every service runs on its main classes: its {@code ArchitectureTest}
 * implements this and names its rules (root package and adapter packages) once. One case per rule.
 */
public interface LayoutContract {

    /** This module's rules: its root package and adapter packages. */
    ArchitectureRules rules();

    /** What the layout keeps, each checked by one of {@link ArchitectureRules}' methods. */
    enum Rule {
        KAFKA_OUT_OF_DOMAIN_PACKAGES(ArchitectureRules::domainHasNoKafka),
        HTTP_OUT_OF_DOMAIN_PACKAGES(ArchitectureRules::domainHasNoHttp),
        CDI_OUT_OF_DOMAIN_PACKAGES(ArchitectureRules::domainHasNoCdi),
        PACKAGES_FREE_OF_CYCLES(ArchitectureRules::packagesAreFreeOfCycles),
        KAFKA_CLIENTS_FROM_THE_FACTORY(ArchitectureRules::kafkaClientsComeFromTheFactory);

        private final Consumer<ArchitectureRules> check;

        Rule(final Consumer<ArchitectureRules> check) {
            this.check = check;
        }
    }

    @ParameterizedTest(name = "shouldKeep {0}")
    @EnumSource(Rule.class)
    default void shouldKeepTheLayout(final Rule rule) {
        rule.check.accept(rules());
    }
}
