package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.importer.ImportCommand;

/** {@code ./cdp import} against the whole stack (contract section 13): rows land once, however often it runs. */
@Tag(RunningStack.SHARED_TAG)
class ImportIT {

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run importing(final Path file, final String... options) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ImportCommand command = new ImportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        final String[] args = new String[options.length + 5];
        args[0] = file.toString();
        args[1] = "--url";
        args[2] = STACK.client().ingest("");
        args[3] = "--token";
        args[4] = "demo-token";
        System.arraycopy(options, 0, args, 5, options.length);
        final int status = ImportCommand.run(command, args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The profile once every command sent for it before now is folded (a marker write, read with its token). */
    private JsonNode settled(final String customerId) throws Exception {
        final HttpResponse<String> marker = STACK.client().send("POST", STACK.client().ingest("/customers"),
                StackClient.keyAndSecret(), "{\"customers\":[{\"id\":\"" + customerId + "\",\"marker\":true}]}");
        assertThat(marker.statusCode()).isEqualTo(200);
        return STACK.client().profileAfter(customerId, marker);
    }

    @Test
    void shouldAppendEachRowOnceAcrossAReRunAndAResumeAndListTheRefusedRowWithExitThree() throws Exception {
        // Given array appends without item ids (a second application would duplicate them) and one row without a field
        final Path file = Files.writeString(dir.resolve("orders.csv"),
                "customer_id,field,sku,qty\nimp-1,orders,A,1\nimp-1,orders,B,2\nimp-2,orders,C,3\nimp-2,,D,4\nimp-3,orders,E,5\n");
        final Path rejects = dir.resolve("rejects.csv");

        // When it is imported in batches of one, then imported again, then resumed
        final Run first = importing(file, "--route", "arrays", "--batch", "1", "--rejects", rejects.toString());
        final Run again = importing(file, "--route", "arrays", "--batch", "1");
        final Run resumed = importing(file, "--route", "arrays", "--batch", "1", "--resume");

        // Then the refused row is listed with its line and reason, and every run says so with exit 3
        assertThat(first.status()).as(first.err()).isEqualTo(ImportCommand.REFUSED);
        assertThat(first.out()).contains("5 rows read, 4 landed, 1 refused");
        assertThat(Files.readAllLines(rejects)).containsExactly("row,reasons", "5,\"field: required (the array field's name)\"");
        assertThat(again.status()).isEqualTo(ImportCommand.REFUSED);
        assertThat(resumed.out()).contains("4 skipped (acknowledged before)");
        // And each item was appended once, in file order, although every row was sent twice
        assertThat(settled("imp-1").at("/attributes/orders/value").toString())
                .isEqualTo("[{\"qty\":1,\"sku\":\"A\"},{\"qty\":2,\"sku\":\"B\"}]");
        assertThat(settled("imp-2").at("/attributes/orders/value").toString()).isEqualTo("[{\"qty\":3,\"sku\":\"C\"}]");
        assertThat(settled("imp-3").at("/attributes/orders/value").size()).isEqualTo(1);
    }

    @Test
    void shouldValidateADryRunAgainstTheLiveCatalogAndWriteNothing() throws Exception {
        // Given a catalog where "seats" is an integer
        final HttpResponse<String> defined = STACK.client().send("PUT", STACK.client().ingest("/properties/seats"),
                StackClient.bearer(), "{\"type\":\"integer\"}");
        assertThat(defined.statusCode()).as(defined.body()).isBetween(200, 204);
        await().atMost(StackClient.FOLDED).until(() -> STACK.client().send("GET", STACK.client().ingest("/properties"),
                StackClient.bearer(), null).body().contains("\"seats\""));
        final Path file = Files.writeString(dir.resolve("accounts.csv"), "id,seats,plan\ndry-1,12,pro\ndry-2,twelve,pro\n");
        final Path rejects = dir.resolve("dry-rejects.csv");

        // When it is dry-run
        final Run dry = importing(file, "--dry-run", "--rejects", rejects.toString());

        // Then the row the catalog refuses is listed, and neither customer exists
        assertThat(dry.status()).as(dry.err()).isEqualTo(ImportCommand.REFUSED);
        assertThat(dry.out()).contains("dry run: 2 rows read, 1 valid, 1 refused").contains("nothing written");
        assertThat(Files.readAllLines(rejects)).containsExactly("row,reasons", "3,\"seats: \"\"twelve\"\" is not an integer\"");
        for (final String id : List.of("dry-1", "dry-2")) {
            assertThat(settled(id).path("attributes").has("seats")).isFalse();
        }
        assertThat(Files.exists(dir.resolve("accounts.csv.import-state"))).isFalse();
        // And the same file imported for real lands the valid row
        final Run real = importing(file);
        assertThat(real.status()).isEqualTo(ImportCommand.REFUSED);
        assertThat(settled("dry-1").at("/attributes/seats/value").asInt()).isEqualTo(12);
    }
}
