package org.opencdp.devstack;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The order of the classes on {@linkplain RunningStack#shared() the shared stack} (failsafe execution
 * {@code shared-stack}): by name, the same on every machine, except the few that change the stack for those after
 * them, which say with {@link Order} that they come last (a higher value later).
 */
public final class SharedStackOrder implements ClassOrderer {

    @Override
    public void orderClasses(final ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparingInt((ClassDescriptor c) -> c.findAnnotation(Order.class).map(Order::value).orElse(0))
                .thenComparing(c -> c.getTestClass().getName()));
    }
}
