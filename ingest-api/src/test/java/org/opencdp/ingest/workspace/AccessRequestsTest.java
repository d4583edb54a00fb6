package org.opencdp.ingest.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.opencdp.platform.access.Credential;
import org.opencdp.platform.access.HistoryLimits;
import org.opencdp.platform.access.RateLimit;
import org.opencdp.platform.access.Scope;

/** The operator's and workspace admins' bodies, read hostilely: every problem named, nothing half read. */
class AccessRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(final String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void shouldReadANewWorkspaceWithItsSettings() {
        final var read = AccessRequests.newWorkspace(json(
                "{\"id\":\"acme-2\",\"time_zone\":\"Europe/Berlin\",\"rate_limit\":{\"per_second\":50,\"burst\":100}}"));
        assertThat(read.problems()).isEmpty();
        assertThat(read.value()).contains(new AccessRequests.NewWorkspace("acme-2", Optional.of("Europe/Berlin"),
                Optional.of(new RateLimit(50, 100)), Optional.empty()));
    }

    @Test
    void shouldReadAWorkspacesOwnHistoryBoundsEitherMayBeTheDeployments() {
        final var read = AccessRequests.newWorkspace(json("{\"id\":\"acme\",\"history\":{\"retention_days\":30}}"));
        assertThat(read.value().orElseThrow().history())
                .contains(new HistoryLimits(Optional.of(30), Optional.empty()));
        final var change = AccessRequests.workspaceChange(json("{\"history\":{\"max_entries\":500,\"retention_days\":null}}"))
                .value().orElseThrow();
        assertThat(change.history()).contains(Optional.of(new HistoryLimits(Optional.empty(), Optional.of(500))));
        assertThat(AccessRequests.workspaceChange(json("{\"history\":null}")).value().orElseThrow().history())
                .contains(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"id\":\"\"}", "{\"id\":\"Acme\"}", "{\"id\":\"a_b\"}", "{\"id\":7}",
            "{\"id\":\"a\\u0000\"}", "[]", "\"acme\"", "{\"id\":\"acme\",\"extra\":1}",
            "{\"id\":\"acme\",\"time_zone\":\"Mars/Olympus\"}", "{\"id\":\"acme\",\"time_zone\":\"../../etc\"}",
            "{\"id\":\"acme\",\"rate_limit\":{\"per_second\":0,\"burst\":1}}",
            "{\"id\":\"acme\",\"rate_limit\":{\"per_second\":1,\"burst\":0.5}}",
            "{\"id\":\"acme\",\"rate_limit\":{\"per_second\":1e300,\"burst\":1}}",
            "{\"id\":\"acme\",\"rate_limit\":{\"per_second\":\"1\",\"burst\":1}}",
            "{\"id\":\"acme\",\"rate_limit\":{\"per_second\":1,\"burst\":1,\"x\":1}}",
            "{\"id\":\"acme\",\"history\":{\"retention_days\":0}}",
            "{\"id\":\"acme\",\"history\":{\"retention_days\":3651}}",
            "{\"id\":\"acme\",\"history\":{\"max_entries\":100001}}",
            "{\"id\":\"acme\",\"history\":{\"max_entries\":1e12}}",
            "{\"id\":\"acme\",\"history\":{\"max_entries\":2.5}}",
            "{\"id\":\"acme\",\"history\":{\"max_entries\":\"10\"}}",
            "{\"id\":\"acme\",\"history\":{\"max_entries\":10,\"forever\":true}}",
            "{\"id\":\"acme\",\"history\":[30]}"})
    void shouldRefuseAnInvalidNewWorkspaceNamingTheProblem(final String body) {
        final var read = AccessRequests.newWorkspace(json(body));
        assertThat(read.value()).isEmpty();
        assertThat(read.problems()).isNotEmpty();
    }

    @Test
    void shouldRefuseAnIdOf65Characters() {
        assertThat(AccessRequests.newWorkspace(json("{\"id\":\"" + "a".repeat(65) + "\"}")).value()).isEmpty();
        assertThat(AccessRequests.newWorkspace(json("{\"id\":\"" + "a".repeat(64) + "\"}")).value()).isPresent();
    }

    @Test
    void shouldTellAnAbsentSettingFromOneResetToTheDefault() {
        final var change = AccessRequests.workspaceChange(json("{\"rate_limit\":null}")).value().orElseThrow();
        assertThat(change.timeZone()).isEmpty();
        assertThat(change.rateLimit()).contains(Optional.empty());
    }

    @Test
    void shouldReadANewCredentialWithItsScopes() {
        final var read = AccessRequests.newCredential(json(
                "{\"name\":\"analyst\",\"kind\":\"token\",\"scopes\":[\"profiles:read\",\"segments:write\"]}"));
        assertThat(read.value()).contains(new AccessRequests.NewCredential("analyst", Credential.Kind.TOKEN,
                Set.of(Scope.PROFILES_READ, Scope.SEGMENTS_WRITE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"etl\",\"kind\":\"key\",\"scopes\":[\"profiles:write\"]}",
            "{\"name\":\"etl\",\"kind\":\"admin\",\"scopes\":[\"profiles:read\"]}",
            "{\"name\":\"etl\",\"kind\":\"key\",\"scopes\":[]}",
            "{\"name\":\"etl\",\"kind\":\"key\",\"scopes\":\"profiles:read\"}",
            "{\"name\":\"etl\",\"kind\":\"key\",\"scopes\":[1]}",
            "{\"name\":\" \",\"kind\":\"key\",\"scopes\":[\"profiles:read\"]}",
            "{\"name\":\"a\\u0007b\",\"kind\":\"key\",\"scopes\":[\"profiles:read\"]}",
            "{\"kind\":\"key\",\"scopes\":[\"profiles:read\"]}",
            "{\"name\":\"etl\",\"kind\":\"key\",\"scopes\":[\"profiles:read\"],\"secret\":\"mine\"}"})
    void shouldRefuseAnInvalidNewCredentialNamingTheProblem(final String body) {
        final var read = AccessRequests.newCredential(json(body));
        assertThat(read.value()).isEmpty();
        assertThat(read.problems()).isNotEmpty();
    }

    @Test
    void shouldNameAnUnknownScope() {
        assertThat(AccessRequests.newCredential(json("{\"name\":\"etl\",\"kind\":\"key\",\"scopes\":[\"root\"]}"))
                .problems()).singleElement().asString().contains("unknown scope \"root\"").contains("profiles:read");
    }

    @Test
    void shouldRefuseANameOf101Characters() {
        assertThat(AccessRequests.newCredential(json("{\"name\":\"" + "n".repeat(101)
                + "\",\"kind\":\"key\",\"scopes\":[\"profiles:read\"]}")).value()).isEmpty();
    }
}
