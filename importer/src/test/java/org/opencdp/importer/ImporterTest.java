package org.opencdp.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.importer.http.ApiClient;
import org.opencdp.importer.route.RowConverter;

class ImporterTest {

    @TempDir
    Path dir;

    @Test
    void shouldDeriveTheSameKeysFromTheSameContentAndOthersFromOtherContent() throws IOException {
        // Given two files with the same bytes and one that differs by a byte
        final Path a = Files.writeString(dir.resolve("a.csv"), "id,x\n1,2\n");
        final Path b = Files.writeString(dir.resolve("b.csv"), "id,x\n1,2\n");
        final Path c = Files.writeString(dir.resolve("c.csv"), "id,x\n1,3\n");

        // When their hashes name batch keys
        final String ha = Importer.scan(a).sha256().substring(0, 32);
        final String hb = Importer.scan(b).sha256().substring(0, 32);
        final String hc = Importer.scan(c).sha256().substring(0, 32);

        // Then equal content gives equal keys, per batch position, within the header's limits
        assertThat(Importer.idempotencyKey(ha, "customers", 1000, 4, 2, 7))
                .isEqualTo(Importer.idempotencyKey(hb, "customers", 1000, 4, 2, 7))
                .isNotEqualTo(Importer.idempotencyKey(hc, "customers", 1000, 4, 2, 7))
                .isNotEqualTo(Importer.idempotencyKey(ha, "customers", 1000, 4, 2, 8))
                .matches("[\\x20-\\x7E]{1,255}");
        assertThat(Importer.scan(a).lines()).isEqualTo(2);
    }

    @Test
    void shouldSendTheSameBodyBytesAsSerializingTheBatchObjectWhole() throws IOException {
        // Given rows with text, numbers, a boolean, a null, an array and characters JSON escapes
        final ObjectMapper json = new ObjectMapper();
        final List<ObjectNode> items = List.of(
                (ObjectNode) json.readTree("{\"id\":\"a\",\"age\":42,\"score\":1.50,\"vip\":true,\"note\":null}"),
                (ObjectNode) json.readTree("{\"id\":\"b \\\"q\\\" Zoë 東京\\n\",\"tags\":[\"x\",\"y\"]}"));
        final List<Importer.Pending> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            pending.add(Importer.Pending.of(new RowConverter.Converted(i + 2, items.get(i), List.of())));
        }
        final ObjectNode whole = json.createObjectNode();
        whole.putArray("customers").addAll(items);

        // When the body is put together from the rows serialized one by one
        final byte[] body = Importer.body("customers", pending);

        // Then it is byte for byte the body serialized as one object (as earlier versions sent it: a rerun still dedups)
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(json.writeValueAsString(whole));
        assertThat(body).isEqualTo(json.writeValueAsBytes(whole));
    }

    @Test
    void shouldMapA422ToTheItemsItNames() {
        final ApiClient.Answer retainly = new ApiClient.Answer(422,
                "{\"detail\":[{\"loc\":[\"body\",\"customers\",1,\"id\"],\"msg\":\"field required\",\"type\":\"missing\"},"
                        + "{\"loc\":[\"body\",\"customers\",3,\"bio\"],\"msg\":\"too long\",\"type\":\"x\"}]}");
        final ApiClient.Answer retently = new ApiClient.Answer(422,
                "{\"errors\":{\"subscribers[2].properties[0].label\":[\"is invalid\"]}}");
        final ApiClient.Answer unnamed = new ApiClient.Answer(422, "{\"detail\":[{\"loc\":[\"header\",\"Idempotency-Key\"],\"msg\":\"bad\"}]}");

        assertThat(Importer.namedItems(retainly, 5)).isEqualTo(Map.of(1, List.of("id: field required"), 3, List.of("bio: too long")));
        assertThat(Importer.namedItems(retently, 5)).isEqualTo(Map.of(2, List.of("properties[0].label: is invalid")));
        assertThat(Importer.namedItems(unnamed, 5)).isEmpty();
    }

    @Test
    void shouldResumeOnlyAStateOfTheSameFileAndSettings() throws IOException {
        final Path state = dir.resolve("x.csv.import-state");
        try (ImportState first = ImportState.open(state, "identity-1", false)) {
            first.ack("k0", 1000, 0);
        }
        try (ImportState same = ImportState.open(state, "identity-1", true)) {
            assertThat(same.acked("k0")).isEqualTo(new ImportState.Ack(1000, 0));
        }
        try (ImportState other = ImportState.open(state, "identity-2", true)) {
            assertThat(other.acked("k0")).isNull();
        }
        assertThat(Files.readAllLines(state, StandardCharsets.UTF_8)).containsExactly("identity-2");
    }

    @Test
    void shouldFailWithOneClearLineAndNoRequestWhenTheFileHasNoIdColumn() throws IOException {
        final Path file = Files.writeString(dir.resolve("no-id.csv"), "name,plan\nann,pro\n");
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final ImportCommand command = new ImportCommand(new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), false);

        // The header is checked before any request: nothing listens on the URL, and the answer is about the file
        final int status = ImportCommand.run(command, file.toString(), "--key", "k", "--secret", "s", "--dry-run",
                "--url", "http://127.0.0.1:1");

        assertThat(status).isEqualTo(ImportCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("import: the header has no id or customer_id column (columns: name, plan)")
                .doesNotContain("\tat ");
    }
}
