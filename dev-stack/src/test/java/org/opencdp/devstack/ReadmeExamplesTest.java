package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reading the README's "Try it" block into requests ({@link ReadmeExamples}), without a stack. */
class ReadmeExamplesTest {

    private static final String README = """
            # Title

            ## Try it

            ```bash
            H=(-H 'key: k' -H 'Content-Type: application/json')

            # a comment
            curl -s -X PUT http://127.0.0.1:8080/properties/tier "${H[@]}" -d '{"type":"enum",
                 "enum_values":["gold"]}'
            # → 200 {"name":"tier"}
            T=$(curl -s -D - -o /dev/null -X POST http://127.0.0.1:8080/customers "${H[@]}" \\
              -d '{"customers":[{"id":2}]}' | awk -F': ' 'tolower($1)=="x-consistency-token"{print $2}' | tr -d '\\r')
            curl -s "http://127.0.0.1:8080/customers/2?after=$T" -H "X-Consistency-Token: $T"
            # → 404
            curl -s 'http://127.0.0.1:8082/workflows/<id>/runs'
            ```
            """;

    @Test
    void shouldReadEachRequestWithItsHeadersBodyCaptureAndDocumentedAnswer() {
        // When
        final List<ReadmeExamples.Request> requests = ReadmeExamples.parse(ReadmeExamples.tryIt(README));
        // Then
        assertThat(requests).hasSize(4);
        final ReadmeExamples.Request put = requests.get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.url()).isEqualTo("http://127.0.0.1:8080/properties/tier");
        assertThat(put.body()).isEqualTo("{\"type\":\"enum\",\n     \"enum_values\":[\"gold\"]}");
        assertThat(ReadmeExamples.headers(put, Map.of())).containsEntry("key", "k").containsEntry("Content-Type", "application/json");
        assertThat(put.expected()).contains(new ReadmeExamples.Expected(200, Optional.of("{\"name\":\"tier\"}")));
        assertThat(put.line()).isEqualTo(9);
        final ReadmeExamples.Request captured = requests.get(1);
        assertThat(captured.method()).isEqualTo("POST");
        assertThat(captured.captures()).contains("T");
        assertThat(captured.body()).isEqualTo("{\"customers\":[{\"id\":2}]}");
        final ReadmeExamples.Request read = requests.get(2);
        assertThat(ReadmeExamples.expand(read.url(), Map.of("T", "0:4"))).isEqualTo("http://127.0.0.1:8080/customers/2?after=0:4");
        assertThat(ReadmeExamples.headers(read, Map.of("T", "identity:0:4"))).containsEntry("X-Consistency-Token", "identity:0:4");
        assertThat(read.expected()).contains(new ReadmeExamples.Expected(404, Optional.empty()));
        assertThat(requests.get(3).skipped()).contains("a placeholder in the URL");
    }

    @Test
    void shouldReadTheProjectsOwnReadme() throws Exception {
        // When
        final List<ReadmeExamples.Request> requests = ReadmeExamples.of(StackClient.root().resolve("README.md"));
        // Then
        assertThat(requests).anySatisfy(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.url()).endsWith("/properties/tier");
            assertThat(request.expected()).isPresent();
        });
        assertThat(requests).anySatisfy(request -> assertThat(request.url()).contains("/v1/attributes/custom?phone="));
    }
}
