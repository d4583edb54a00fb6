package org.opencdp.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole stack for a test class ({@code @RegisterExtension static final RunningStack STACK}): its own, started
 * before its tests ({@link StackClient#startStack}) and stopped after them, or {@linkplain #shared() the shared one}.
 */
final class RunningStack implements BeforeAllCallback, AfterAllCallback {

    /**
     * The tag of the classes on {@linkplain #shared() the shared stack}: the build runs them in a JVM of their own
     * (dev-stack's pom, failsafe execution {@code shared-stack}), so the shared stack is stopped when they are done,
     * not left running beside the stacks of the classes that need their own.
     */
    static final String SHARED_TAG = "shared-stack";
    private static final int SHARED_PARTITIONS = 3;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningStack.class);

    private final String name;
    private final int partitions;
    private final boolean shared;
    private DevStack stack;
    private StackClient client;

    RunningStack(final String name, final int partitions) {
        this(name, partitions, false);
    }

    private RunningStack(final String name, final int partitions, final boolean shared) {
        this.name = name;
        this.partitions = partitions;
        this.shared = shared;
    }

    /**
     * One stack for every class tagged {@value #SHARED_TAG}: started by the first, stopped when the test run
     * ends. A stack takes about 30 s to start on two cores, most of a class's time. A class may share it when it
     * neither stops nor restarts a service, keeps to its own ids or workspaces, and asserts counts and catalogs as
     * changes from what it found rather than as totals; one that leaves the stack changed for those after it (second
     * instances) says with {@code @Order} that it comes last ({@link SharedStackOrder}).
     */
    static RunningStack shared() {
        return new RunningStack("shared-stack", SHARED_PARTITIONS, true);
    }

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        if (shared) {
            if (!context.getTags().contains(SHARED_TAG)) {
                throw new IllegalStateException(context.getDisplayName() + " is on the shared stack, so it must be tagged @Tag(\""
                        + SHARED_TAG + "\") for the build to run it with the others that are");
            }
            stack = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(Shared.class, key -> new Shared(name, partitions), Shared.class).stack();
        } else {
            stack = StackClient.startStack(name, partitions);
        }
        client = new StackClient(stack);
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (!shared && stack != null) {
            stack.close();
        }
    }

    DevStack stack() {
        return stack;
    }

    StackClient client() {
        return client;
    }

    /** The shared stack, kept in the root context's store, which closes it when the whole run ends. */
    private record Shared(DevStack stack) implements AutoCloseable {

        Shared(final String name, final int partitions) {
            this(start(name, partitions));
        }

        private static DevStack start(final String name, final int partitions) {
            try {
                return StackClient.startStack(name, partitions);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the shared stack started", e);
            } catch (final Exception e) {
                throw new IllegalStateException("The shared stack did not start", e);
            }
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
