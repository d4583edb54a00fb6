package org.opencdp.embedded;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The data directories of brokers, registries and stacks that tests and the bench start and throw away. */
public final class Directories {

    private Directories() {
    }

    /** Deletes {@code root} and everything under it; a directory that is not there is no error. */
    public static void deleteRecursively(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path directory, final IOException e) throws IOException {
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * A fresh temporary directory named after {@code prefix}, deleted when this JVM exits (after the stacks in it
     * were stopped): a whole-stack test's broker log and state stores take gigabytes, and must not pile up.
     */
    public static Path temporary(final String prefix) throws IOException {
        final Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                deleteRecursively(dir);
            } catch (IOException e) {
                System.err.println("Could not delete " + dir + ": " + e);
            }
        }, "delete-" + prefix));
        return dir;
    }
}
