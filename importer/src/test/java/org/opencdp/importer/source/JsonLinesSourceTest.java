package org.opencdp.importer.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonLinesSourceTest {

    @Test
    void shouldReadOneObjectPerLineAndRefuseLinesThatAreNotOne() throws IOException {
        // Given objects, blank lines, an array, malformed JSON and a repeated field name
        final String lines = "{\"id\":1,\"plan\":\"pro\"}\n\n[1,2]\n{\"id\":\n{\"id\":2,\"id\":3}\n{\"id\":4}";

        // When read
        final List<RawRow> rows = new ArrayList<>();
        try (JsonLinesSource source = new JsonLinesSource(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)))) {
            RawRow row;
            while ((row = source.next()) != null) {
                rows.add(row);
            }
        }

        // Then each object is a row and each other line a refused row, numbered by its line
        assertThat(rows).extracting(RawRow::line).containsExactly(1L, 3L, 4L, 5L, 6L);
        assertThat(rows.get(0).problems()).isEmpty();
        assertThat(rows.get(0).values()).containsKeys("id", "plan");
        assertThat(rows.get(1).problems()).containsExactly("not a JSON object");
        assertThat(rows.get(2).problems()).singleElement().asString().startsWith("not JSON");
        assertThat(rows.get(3).problems()).singleElement().asString().contains("Duplicate field");
        assertThat(rows.get(4).problems()).isEmpty();
    }
}
