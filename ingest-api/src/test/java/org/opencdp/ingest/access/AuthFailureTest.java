package org.opencdp.ingest.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.opencdp.platform.http.ErrorBody;
import org.opencdp.platform.access.AccessControl;
import org.opencdp.platform.access.Caller;
import org.opencdp.platform.access.PresentedCredentials;
import org.opencdp.platform.access.Scope;
import org.opencdp.platform.access.SecretHash;
import org.opencdp.platform.access.WorkspaceCredentials;

class AuthFailureTest {

    /** Workspace "demo": key/secret, and a token that may only write events. */
    private final AccessControl access = new AccessControl(List.of(new WorkspaceCredentials("demo", "demo-key",
            SecretHash.of("demo-secret"),
            List.of(new WorkspaceCredentials.Token(SecretHash.of("events-only"), Set.of(Scope.EVENTS_WRITE))),
            List.of())));

    private Admission admission(final Map<String, String> headers, final Scope scope) {
        return Admission.decide(access.authenticate(PresentedCredentials.fromHeaders(headers::get)), scope);
    }

    @Test
    void shouldAdmitKeyAndSecretToEveryScopeOfTheirWorkspace() {
        final Admission admission = admission(Map.of("key", "demo-key", "secret", "demo-secret"), Scope.CUSTOMERS_WRITE);
        assertThat(admission).isInstanceOfSatisfying(Admission.Admitted.class,
                a -> assertThat(a.caller().workspaceId()).isEqualTo("demo"));
    }

    @Test
    void shouldAdmitATokenOnlyToItsScopes() {
        final Map<String, String> bearer = Map.of("Authorization", "Bearer events-only");
        assertThat(admission(bearer, Scope.EVENTS_WRITE)).isInstanceOf(Admission.Admitted.class);
        assertThat(admission(bearer, Scope.CUSTOMERS_WRITE)).isInstanceOf(Admission.Forbidden.class);
    }

    @Test
    void shouldNotAdmitUnknownOrMissingCredentials() {
        assertThat(admission(Map.of("key", "demo-key", "secret", "wrong"), Scope.CUSTOMERS_WRITE))
                .isInstanceOf(Admission.Unauthenticated.class);
        assertThat(admission(Map.of(), Scope.CUSTOMERS_WRITE)).isInstanceOf(Admission.Unauthenticated.class);
    }

    @Test
    void shouldAnswerRetainlyRoutes403ForbiddenWhateverWentWrong() {
        for (final Admission refusal : List.<Admission>of(new Admission.Unauthenticated(), new Admission.Forbidden())) {
            final Response response = AuthFailure.RETAINLY.refuse(refusal);
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getEntity()).isEqualTo(ErrorBody.of("forbidden"));
        }
    }

    @Test
    void shouldAnswerTheEventsRoute422WithAnAuthError() {
        final Response response = AuthFailure.RETAINLY_EVENTS.refuse(new Admission.Unauthenticated());
        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getEntity()).isEqualTo(Map.of("errors", Map.of("auth", List.of("forbidden"))));
    }

    @Test
    void shouldAnswerBearerRoutes401WithoutCredentialsAnd403WithoutScope() {
        assertThat(AuthFailure.BEARER.refuse(new Admission.Unauthenticated()).getStatus()).isEqualTo(401);
        assertThat(AuthFailure.BEARER.refuse(new Admission.Unauthenticated()).getEntity())
                .isEqualTo(ErrorBody.of("unauthorized"));
        assertThat(AuthFailure.BEARER.refuse(new Admission.Forbidden()).getStatus()).isEqualTo(403);
    }

    @Test
    void shouldDecideOnTheCallersScopes() {
        final Caller admin = new Caller("demo", Set.of(), true);
        assertThat(Admission.decide(Optional.of(admin), Scope.CATALOG_WRITE)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void shouldAdmitToARouteOfSeveralScopesOnlyWithEveryOne() {
        // Given a token that may only write events, and a route (the survey) that needs two scopes
        final Map<String, String> bearer = Map.of("Authorization", "Bearer events-only");
        final Set<Scope> survey = Set.of(Scope.CUSTOMERS_WRITE, Scope.EVENTS_WRITE);
        // Then the token is forbidden, key and secret are admitted
        assertThat(Admission.decide(access.authenticate(PresentedCredentials.fromHeaders(bearer::get)), survey))
                .isInstanceOf(Admission.Forbidden.class);
        final Map<String, String> keySecret = Map.of("key", "demo-key", "secret", "demo-secret");
        assertThat(Admission.decide(access.authenticate(PresentedCredentials.fromHeaders(keySecret::get)), survey))
                .isInstanceOf(Admission.Admitted.class);
    }
}
