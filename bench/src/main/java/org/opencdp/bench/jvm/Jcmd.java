package org.opencdp.bench.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opencdp.embedded.ChildProcess;

/** {@code jcmd} of this JVM's JDK, run against another JVM of the same user. */
final class Jcmd {

    static String run(final long pid, final String... command) throws IOException, InterruptedException {
        final Path java = Path.of(ChildProcess.javaBinary());
        final List<String> line = new ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        final Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0 || output.contains("[ERROR]")) {
            throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }

    private Jcmd() {
    }
}
