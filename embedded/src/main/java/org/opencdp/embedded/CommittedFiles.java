package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Files the build generates and the repository also commits for readers (the OpenAPI documents in
 * {@code docs/openapi/}, the Avro schemas in {@code docs/avro/}): a test compares the two and fails, saying how to
 * regenerate, when the committed one is not current. Run with {@code -Dcdp.update-committed=true} it writes the
 * generated file over the committed one instead (then commit it).
 */
public final class CommittedFiles {

    /** The switch that makes {@link #assertCurrent} copy instead of compare. */
    public static final String UPDATE = "cdp.update-committed";

    /** The repository's root, for a test run in a module's directory ({@code -Dcdp.root} to say otherwise). */
    public static Path root() {
        return Path.of(System.getProperty("cdp.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Asserts that {@code committed} holds what {@code generated} holds (or copies it there under {@link #UPDATE});
     * {@code regenerate} is the command that does it, said in the failure.
     */
    public static void assertCurrent(final Path generated, final Path committed, final String regenerate)
            throws IOException {
        if (updated(generated, committed, regenerate)) {
            return;
        }
        assertThat(Files.readString(committed))
                .as("%s is not what the build generates (%s); regenerate it with: %s", committed, generated, regenerate)
                .isEqualTo(Files.readString(generated));
    }

    /**
     * As {@link #assertCurrent}, for YAML documents compared as trees: the same keys and values, in any order of
     * the keys (the OpenAPI generator orders some differently from one build to the next).
     */
    public static void assertSameYaml(final Path generated, final Path committed, final String regenerate)
            throws IOException {
        if (updated(generated, committed, regenerate)) {
            return;
        }
        final YAMLMapper yaml = new YAMLMapper();
        assertThat(yaml.readTree(committed.toFile()))
                .as("%s is not what the build generates (%s); regenerate it with: %s", committed, generated, regenerate)
                .isEqualTo(yaml.readTree(generated.toFile()));
    }

    /** Copies under {@link #UPDATE} (true); else checks that both files exist (false: compare them). */
    private static boolean updated(final Path generated, final Path committed, final String regenerate)
            throws IOException {
        assertThat(generated).as("the build did not generate %s", generated).isRegularFile();
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(committed.getParent());
            Files.copy(generated, committed, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
        assertThat(committed).as("%s is missing; regenerate it with: %s", committed, regenerate).isRegularFile();
        return false;
    }

    /** The command that regenerates what {@code test} (an IT of {@code module}) compares. */
    public static String regenerateCommand(final String module, final String test) {
        return "./mvnw -pl " + module + " -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=" + test + " -D" + UPDATE + "=true";
    }

    private CommittedFiles() {
    }
}
