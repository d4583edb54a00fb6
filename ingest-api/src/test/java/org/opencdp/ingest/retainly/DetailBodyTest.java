package org.opencdp.ingest.retainly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.TestJson;
import org.opencdp.ingest.json.MalformedJson;
import org.opencdp.schemas.values.Path;
import org.opencdp.schemas.values.Violation;

class DetailBodyTest {

    @Test
    void shouldLocateEachViolationFromTheBody() throws Exception {
        // Given a violation at customers[3].id
        final Violation missing = new Violation(Path.root().field("customers").index(3).field("id"), "missing",
                "Field required");
        // When rendered; Then the seed's detail format
        assertThat(TestJson.MAPPER.writeValueAsString(DetailBody.of(List.of(missing))))
                .isEqualTo("{\"detail\":[{\"loc\":[\"body\",\"customers\",3,\"id\"],\"msg\":\"Field required\","
                        + "\"type\":\"missing\"}]}");
    }

    @Test
    void shouldLocateMalformedJsonByOffset() {
        final DetailBody body = DetailBody.of(new MalformedJson("Unexpected character", 12, 1, 13));
        assertThat(body.detail()).singleElement().satisfies(e -> {
            assertThat(e.loc()).containsExactly("body", 12L);
            assertThat(e.type()).isEqualTo("json_invalid");
        });
    }
}
