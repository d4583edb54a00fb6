package org.opencdp.embedded;

import org.junit.jupiter.api.Test;

/**
 * The tests of {@link ArchitectureRules} every service runs on its main classes: its {@code ArchitectureTest}
 * implements this and names its rules (root package and adapter packages) once.
 */
public interface LayoutContract {

    /** This module's rules: its root package and adapter packages. */
    ArchitectureRules rules();

    @Test
    default void shouldKeepKafkaOutOfDomainPackages() {
        rules().domainHasNoKafka();
    }

    @Test
    default void shouldKeepHttpOutOfDomainPackages() {
        rules().domainHasNoHttp();
    }

    @Test
    default void shouldKeepCdiOutOfDomainPackages() {
        rules().domainHasNoCdi();
    }

    @Test
    default void shouldKeepPackagesFreeOfCycles() {
        rules().packagesAreFreeOfCycles();
    }
}
