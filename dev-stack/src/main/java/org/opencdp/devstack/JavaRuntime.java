package org.opencdp.devstack;

/** The java binary of this JVM: the dev stack runs on a JDK >= 21, so its children do too. */
final class JavaRuntime {

    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
    }

    private JavaRuntime() {
    }
}
