package org.opencdp.devstack;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole stack for one test class ({@code @RegisterExtension static final RunningStack STACK}): started
 * before its tests ({@link StackClient#startStack}), stopped after them.
 */
final class RunningStack implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final int partitions;
    private DevStack stack;
    private StackClient client;

    RunningStack(final String name, final int partitions) {
        this.name = name;
        this.partitions = partitions;
    }

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        stack = StackClient.startStack(name, partitions);
        client = new StackClient(stack);
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (stack != null) {
            stack.close();
        }
    }

    DevStack stack() {
        return stack;
    }

    StackClient client() {
        return client;
    }
}
