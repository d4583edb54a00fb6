package org.opencdp.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.avro.CatalogSweep;
import org.opencdp.avro.HistoryHead;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.MergeJournal;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.ProfileIdentity;
import org.opencdp.avro.WorkflowDefinition;

/**
 * Every key and value schema of every topic, and every value a state store keeps, must read records written with
 * any earlier version of it
 * (BACKWARD_TRANSITIVE), the versions being kept under {@code src/test/resources/schema-history/<record full
 * name>/v<N>.avsc}. A change must also be deliberate: a schema that differs from its latest kept version fails
 * until that version is added, which {@code -Dschema-history.record=true} does.
 */
class SchemaEvolutionTest {

    private static final String RECORD_PROPERTY = "schema-history.record";
    private static final String RECORD_COMMAND =
            "./mvnw -pl schemas test -Dtest=SchemaEvolutionTest -D" + RECORD_PROPERTY + "=true";
    /** How the history's location is shown in messages: from the repository root. */
    private static final Path SHOWN_ROOT = Path.of("schemas/src/test/resources/schema-history");
    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    private record Version(int number, Path file, Schema schema) {
    }

    /**
     * The values state stores keep that no topic of {@link Topics} carries: their changelogs are internal topics, but
     * restoring a store reads records written by every earlier version of a service, so they evolve by the same rule.
     */
    private static final List<Class<?>> STORE_VALUE_TYPES = List.of(HistoryStep.class, HistoryHead.class,
            MergeJournal.class, PendingValue.class, ProfileIdentity.class, CatalogSweep.class);

    static Stream<Named<Schema>> topicSchemas() {
        return Stream.concat(Topics.ALL.stream().flatMap(topic -> Stream.of(topic.keyType(), topic.valueType())),
                        STORE_VALUE_TYPES.stream())
                .distinct()
                .map(type -> SpecificData.get().getSchema(type))
                .map(schema -> Named.of(schema.getFullName(), schema));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topicSchemas")
    void shouldReadRecordsWrittenWithEveryKeptVersion(final Schema current) throws IOException {
        // Given
        final Path dir = historyRoot().resolve(current.getFullName());
        final Path shownDir = SHOWN_ROOT.resolve(current.getFullName());
        final List<Version> history = history(dir);
        if (history.isEmpty() && !recording()) {
            fail("No kept version of %s (a new topic type?). Keep its first version: run `%s` and commit %s/v1.avsc",
                    current.getFullName(), RECORD_COMMAND, shownDir);
        }

        // When / Then: compatible with each kept version
        for (final Version version : history) {
            assertThat(incompatibilities(current, version.schema()))
                    .as("%s must read records written with %s; add fields with defaults, never rename or remove one",
                            current.getFullName(), shownDir.resolve(version.file().getFileName()))
                    .isEmpty();
        }

        // Then: any change is kept as a new version
        final Version latest = history.isEmpty() ? null : history.getLast();
        if (latest == null || !latest.schema().equals(current)) {
            final int next = latest == null ? 1 : latest.number() + 1;
            final Path file = dir.resolve("v" + next + ".avsc");
            if (recording()) {
                Files.createDirectories(dir);
                Files.writeString(file, SchemaFormatter.getInstance("json/pretty").format(current) + "\n",
                        StandardCharsets.UTF_8);
            } else {
                fail("%s differs from its latest kept version %s. If the change is deliberate, keep it as v%d: run `%s`"
                        + " and commit %s", current.getFullName(), shownDir.resolve(latest.file().getFileName()), next,
                        RECORD_COMMAND, shownDir.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void shouldFindARequiredFieldAddedWithoutDefaultIncompatible() {
        // Given: a version of WorkflowDefinition with a new field and no default for it
        final Schema current = WorkflowDefinition.getClassSchema();
        final List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT)));
        final Schema changed = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);

        // When
        final List<String> problems = incompatibilities(changed, current);

        // Then
        assertThat(problems).singleElement().asString().contains("priority");
    }

    @Test
    void shouldFindAnOptionalFieldAddedWithDefaultCompatible() {
        // Given
        final Schema current = WorkflowDefinition.getClassSchema();
        final List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), null, 0));
        final Schema changed = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);

        // When / Then
        assertThat(incompatibilities(changed, current)).isEmpty();
    }

    /** Why {@code reader} cannot read what {@code writer} wrote; empty when it can. */
    private static List<String> incompatibilities(final Schema reader, final Schema writer) {
        final SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList();
    }

    private static List<Version> history(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        final List<Version> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                final Matcher name = VERSION_FILE.matcher(file.getFileName().toString());
                if (!name.matches()) {
                    fail("Unexpected file %s: the history holds only v<N>.avsc files", file);
                }
                versions.add(new Version(Integer.parseInt(name.group(1)), file,
                        new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8))));
            }
        }
        versions.sort(Comparator.comparingInt(Version::number));
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i).number()).as("versions in %s are numbered 1, 2, 3...", dir).isEqualTo(i + 1);
        }
        return versions;
    }

    /** The history in the source tree (tests run in the module's directory), so that recording writes there. */
    private static Path historyRoot() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/resources/schema-history");
    }

    private static boolean recording() {
        return Boolean.getBoolean(RECORD_PROPERTY);
    }
}
