package org.opencdp.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.junit.jupiter.api.Test;

class SharedResponsesTest {

    private final SharedResponses filter = new SharedResponses();

    @Test
    void shouldAddTheNamedSetsResponsesTheRouteDoesNotDocumentAndDropTheExtension() {
        // Given a write documenting its own 200 and 422 and naming the Retainly set
        final Operation operation = OASFactory.createOperation()
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("422", OASFactory.createAPIResponse().description("its own 422"))
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("ok")))
                .addExtension(SharedResponses.EXTENSION, "retainly-write");
        // When filtered
        final Operation filtered = filter.filterOperation(operation);
        // Then the set's 400, 403 and 503 are added, its own 422 stays, codes in order, no extension left
        assertThat(filtered.getResponses().getAPIResponses()).containsOnlyKeys("200", "400", "403", "422", "503");
        assertThat(filtered.getResponses().getAPIResponses().keySet()).containsExactly("200", "400", "403", "422", "503");
        assertThat(filtered.getResponses().getAPIResponse("422").getDescription()).isEqualTo("its own 422");
        assertThat(filtered.getResponses().getAPIResponse("503").getDescription())
                .isEqualTo("Kafka did not acknowledge in time; see Retry-After");
        assertThat(filtered.getExtensions()).doesNotContainKey(SharedResponses.EXTENSION);
    }

    @Test
    void shouldLeaveAnOperationWithoutTheExtensionAsItIs() {
        // Given an operation naming no set
        final Operation operation = OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("ok")));
        // When filtered, Then it has only its own response
        assertThat(filter.filterOperation(operation).getResponses().getAPIResponses()).containsOnlyKeys("200");
    }

    @Test
    void shouldRefuseASetThatDoesNotExist() {
        // Given an operation naming a set nobody defined (a typo in an annotation)
        final Operation operation = OASFactory.createOperation().addExtension(SharedResponses.EXTENSION, "retainly-wirte");
        // When filtered, Then the build fails rather than publishing a route without its responses
        assertThatThrownBy(() -> filter.filterOperation(operation)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("retainly-wirte");
    }
}
