package org.opencdp.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of every child JVM: runs the real main class, and exits when the parent JVM is gone.
 * The parent holds the write end of the child's stdin and never closes it, so end-of-input means the parent
 * died (even by SIGKILL), and the child exits through its shutdown hooks instead of running on as an orphan.
 * Not for direct use.
 */
public final class OrphanGuard {

    /** {@code args[0]} is the main class to run; the rest are its arguments. */
    public static void main(final String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("Usage: OrphanGuard <main class> [arguments...]");
        }
        final Thread watcher = new Thread(OrphanGuard::exitWhenParentIsGone, "orphan-guard");
        watcher.setDaemon(true);
        watcher.start();
        final Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentIsGone() {
        final InputStream parent = System.in;
        final byte[] ignored = new byte[64];
        try {
            while (parent.read(ignored) != -1) {
                // The parent never writes; anything read is discarded.
            }
        } catch (IOException closed) {
            // A broken pipe means the same as end-of-input: the parent is gone.
        }
        System.err.println("[orphan-guard] the parent JVM is gone: shutting down");
        System.exit(0);
    }

    private OrphanGuard() {
    }
}
