package org.opencdp.projector.catalog;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.DeleteProperty;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.ProposeProperty;

class CatalogDeciderTest {

    private static final PropertyKey TIER = new PropertyKey("ws", "tier");

    private final CatalogDecider decider = new CatalogDecider();

    private static CatalogCommand command(final String name, final Object command, final Instant at) {
        return new CatalogCommand("c-" + at, "ws", name, "r-" + at, at, "POST /customers", ApiFamily.RETAINLY, command);
    }

    private PropertyDefinitionEntry defined(final CatalogDecision decision) {
        assertThat(decision).isInstanceOf(CatalogDecision.Defined.class);
        return ((CatalogDecision.Defined) decision).entry();
    }

    @Test
    void shouldCreateAPropertyFromTheFirstProposal() {
        // When
        final PropertyDefinitionEntry entry = defined(decider.decide(TIER, command("tier", new ProposeProperty("integer"), T1), Optional.empty()));
        // Then
        assertThat(entry).isEqualTo(new PropertyDefinitionEntry("ws", "tier", "integer", List.of(), T1, "POST /customers", "r-" + T1, T1, 1L));
    }

    @Test
    void shouldIgnoreALaterProposalOfAnotherType() {
        // Given
        final PropertyDefinitionEntry first = defined(decider.decide(TIER, command("tier", new ProposeProperty("integer"), T1), Optional.empty()));
        // When
        final CatalogDecision second = decider.decide(TIER, command("tier", new ProposeProperty("string"), T2), Optional.of(first));
        // Then
        assertThat(second).isEqualTo(new CatalogDecision.Unchanged("already defined as integer"));
    }

    @Test
    void shouldLetAnAdministratorChangeTheTypeKeepingTheCreation() {
        // Given
        final PropertyDefinitionEntry first = defined(decider.decide(TIER, command("tier", new ProposeProperty("string"), T1), Optional.empty()));
        // When
        final PropertyDefinitionEntry changed = defined(decider.decide(TIER,
                command("tier", new DefineProperty("enum", List.of("gold", "silver")), T2), Optional.of(first)));
        // Then
        assertThat(changed.getType()).isEqualTo("enum");
        assertThat(changed.getEnumValues()).containsExactly("gold", "silver");
        assertThat(changed.getCreatedAt()).isEqualTo(T1);
        assertThat(changed.getUpdatedAt()).isEqualTo(T2);
        assertThat(changed.getVersion()).isEqualTo(2L);
    }

    @Test
    void shouldChangeNothingWhenTheSameDefinitionIsPutAgain() {
        // Given
        final PropertyDefinitionEntry first = defined(decider.decide(TIER, command("tier", new DefineProperty("integer", List.of()), T1), Optional.empty()));
        // When / Then
        assertThat(decider.decide(TIER, command("tier", new DefineProperty("integer", List.of()), T2), Optional.of(first)))
                .isInstanceOf(CatalogDecision.Unchanged.class);
    }

    @Test
    void shouldDeleteAnExistingPropertyAndIgnoreDeletingAMissingOne() {
        // Given
        final PropertyDefinitionEntry first = defined(decider.decide(TIER, command("tier", new ProposeProperty("string"), T1), Optional.empty()));
        // When / Then
        assertThat(decider.decide(TIER, command("tier", new DeleteProperty(), T2), Optional.of(first)))
                .isEqualTo(new CatalogDecision.Deleted());
        assertThat(decider.decide(TIER, command("tier", new DeleteProperty(), T2), Optional.empty()))
                .isEqualTo(new CatalogDecision.Unchanged("no such property"));
    }

    @Test
    void shouldRejectInvalidCatalogCommands() {
        assertThat(decider.decide(TIER, command("tier", new ProposeProperty("money"), T1), Optional.empty()))
                .isInstanceOfSatisfying(CatalogDecision.Rejected.class, r -> assertThat(r.reason()).startsWith("type 'money' is not one of string, integer"));
        assertThat(decider.decide(TIER, command("tier", new DefineProperty("string", List.of("a")), T1), Optional.empty()))
                .isEqualTo(new CatalogDecision.Rejected("only an enum property has enum values"));
        assertThat(decider.decide(TIER, command("tier", new DefineProperty("enum", List.of("a", "a")), T1), Optional.empty()))
                .isEqualTo(new CatalogDecision.Rejected("enum values repeat"));
        assertThat(decider.decide(new PropertyKey("ws", "other"), command("tier", new ProposeProperty("string"), T1), Optional.empty()))
                .isInstanceOf(CatalogDecision.Rejected.class);
        assertThat(decider.decide(new PropertyKey("ws", "x".repeat(201)), command("x".repeat(201), new ProposeProperty("string"), T1), Optional.empty()))
                .isInstanceOf(CatalogDecision.Rejected.class);
        assertThat(decider.decide(new PropertyKey("ws", "a\u0000b"), command("a\u0000b", new ProposeProperty("string"), T1), Optional.empty()))
                .isInstanceOf(CatalogDecision.Rejected.class);
    }
}
