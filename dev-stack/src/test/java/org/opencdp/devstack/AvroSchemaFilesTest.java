package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.opencdp.embedded.CommittedFiles;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/**
 * docs/avro/ holds, for producers and consumers in other languages, the Avro schema of each topic's keys and
 * values as {@code <topic>-key.avsc} and {@code <topic>-value.avsc} (the registry subjects, TopicNameStrategy):
 * each is the schema the Java classes of {@link Topics} have, and there is one for every topic.
 */
class AvroSchemaFilesTest {

    private static final Path GENERATED = Path.of("target/avro");
    private static final Path COMMITTED = CommittedFiles.root().resolve("docs/avro");

    @Test
    void shouldCommitTheAvroSchemaOfEveryTopicsKeysAndValues() throws Exception {
        // Given each topic's key and value schema, written as the build generates it
        Files.createDirectories(GENERATED);
        final List<String> names = new ArrayList<>();
        for (final Topic<?, ?> topic : Topics.ALL) {
            names.add(write(topic.name() + "-key", topic.keyType()));
            names.add(write(topic.name() + "-value", topic.valueType()));
        }
        // When each is compared with its committed copy
        // Then each is current, and no committed schema names a topic that is gone
        for (final String name : names) {
            CommittedFiles.assertCurrent(GENERATED.resolve(name), COMMITTED.resolve(name),
                    "./mvnw -pl dev-stack -am test -Dtest=AvroSchemaFilesTest "
                            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + CommittedFiles.UPDATE + "=true");
        }
        try (Stream<Path> committed = Files.list(COMMITTED)) {
            assertThat(committed.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc")))
                    .containsExactlyInAnyOrderElementsOf(names);
        }
    }

    private static String write(final String subject, final Class<?> type) throws Exception {
        final Schema schema = SpecificData.get().getSchema(type);
        final String name = subject + ".avsc";
        Files.writeString(GENERATED.resolve(name), schema.toString(true) + "\n");
        return name;
    }
}
