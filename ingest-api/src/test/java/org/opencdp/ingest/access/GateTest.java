package org.opencdp.ingest.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;
import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.Scope;

/** A request whose body asks for more than its route (Attentive subscriptions) needs that scope too. */
class GateTest {

    private final Gate gate = new Gate(new AccessControl(List.of()));

    @Test
    void shouldRefuseAnAdmittedCallerWithoutTheScopeItsBodyAsksFor() {
        // Given a caller admitted to write attributes only
        final Caller caller = new Caller("demo", Set.of(Scope.ATTRIBUTES_WRITE), false);
        // When its body subscribes someone
        final WebApplicationException refused = catchThrowableOfType(WebApplicationException.class,
                () -> gate.require(caller, Set.of(Scope.SUBSCRIPTIONS_WRITE), AuthFailure.BEARER));
        // Then it is refused 403, as the route family answers
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void shouldLetAnAdmittedCallerHoldingTheScopeGoOn() {
        // Given a caller that may write attributes and subscriptions
        final Caller caller = new Caller("demo", Set.of(Scope.ATTRIBUTES_WRITE, Scope.SUBSCRIPTIONS_WRITE), false);
        // When its body subscribes someone, Then nothing is refused
        assertThatCode(() -> gate.require(caller, Set.of(Scope.SUBSCRIPTIONS_WRITE), AuthFailure.BEARER))
                .doesNotThrowAnyException();
    }
}
