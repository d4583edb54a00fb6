package org.opencdp.bench.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A summary of an async-profiler profile in collapsed form with threads ({@code thread;frame;…;frame count} per
 * line): where the samples went by thread (digits folded, so the JIT's compiler threads add up), the frames with
 * the most own time, and the Java methods with the most time including their callees.
 */
public final class CollapsedProfile {

    private final long total;
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private final Map<String, Long> components = new HashMap<>();

    /** Where a sample's time goes: the thread kind first, then the first frame from the leaf that names a component. */
    private static final List<Map.Entry<String, String>> COMPONENTS = List.of(
            Map.entry("org/rocksdb/", "RocksDB"), Map.entry("librocksdbjni", "RocksDB"),
            Map.entry("org/apache/avro/", "Avro"),
            Map.entry("com/fasterxml/jackson/", "Jackson"),
            Map.entry("net/jpountz/", "lz4"),
            Map.entry("org/opencdp/", "OpenCDP code"),
            Map.entry("org/apache/kafka/clients/", "Kafka client"),
            Map.entry("org/apache/kafka/common/", "Kafka client"),
            Map.entry("org/apache/kafka/streams/", "Kafka Streams"),
            Map.entry("kafka/", "Kafka broker"), Map.entry("org/apache/kafka/", "Kafka broker"),
            Map.entry("io/micrometer/", "metrics"),
            Map.entry("io/netty/", "Vert.x/Netty"), Map.entry("io/vertx/", "Vert.x/Netty"),
            Map.entry("io/quarkus/", "Quarkus/RESTEasy"), Map.entry("org/jboss/", "Quarkus/RESTEasy"),
            Map.entry("io/smallrye/", "Quarkus/RESTEasy"));

    private CollapsedProfile(final String collapsed) {
        long samples = 0;
        for (final String line : collapsed.lines().toList()) {
            final int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            final long count;
            try {
                count = Long.parseLong(line.substring(space + 1).strip());
            } catch (NumberFormatException notASampleLine) {
                continue;
            }
            final String[] frames = line.substring(0, space).split(";");
            samples += count;
            threads.merge(threadGroup(frames[0]), count, Long::sum);
            components.merge(component(frames), count, Long::sum);
            self.merge(frames[frames.length - 1], count, Long::sum);
            final Set<String> seen = new HashSet<>();
            for (int i = 1; i < frames.length; i++) {
                if (isJava(frames[i]) && seen.add(frames[i])) {
                    inclusive.merge(frames[i], count, Long::sum);
                }
            }
        }
        this.total = samples;
    }

    public static CollapsedProfile parse(final String collapsed) {
        return new CollapsedProfile(collapsed);
    }

    public long total() {
        return total;
    }

    /** Samples per thread group. */
    public Map<String, Long> threads() {
        return Map.copyOf(threads);
    }

    /** Samples per component (JIT compiler, GC, RocksDB, Avro, Kafka client, OpenCDP code, …). */
    public Map<String, Long> components() {
        return Map.copyOf(components);
    }

    /** Only the samples of threads whose group name (see {@link #threadGroup}) ends with {@code suffix}. */
    public static CollapsedProfile parse(final String collapsed, final String suffix) {
        return new CollapsedProfile(collapsed.lines().filter(l -> {
            final int end = l.indexOf(';');
            return end > 0 && threadGroup(l.substring(0, end)).endsWith(suffix);
        }).collect(java.util.stream.Collectors.joining("\n")));
    }

    /** The summary as text: {@code rows} rows per section. */
    public List<String> summary(final int rows) {
        final List<String> out = new ArrayList<>();
        out.add("  by component:");
        top(components, rows).forEach(e -> out.add(row(e)));
        out.add("  by thread:");
        top(threads, rows).forEach(e -> out.add(row(e)));
        out.add("  own time (leaf frames):");
        top(self, rows).forEach(e -> out.add(row(e)));
        out.add("  Java methods including callees:");
        top(inclusive, rows).forEach(e -> out.add(row(e)));
        return out;
    }

    private String row(final Map.Entry<String, Long> entry) {
        return String.format(Locale.ROOT, "    %5.1f %%  %s", 100.0 * entry.getValue() / Math.max(1, total),
                isJava(entry.getKey()) ? entry.getKey().replace('/', '.') : entry.getKey());
    }

    private static List<Map.Entry<String, Long>> top(final Map<String, Long> counts, final int rows) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(rows).toList();
    }

    static String component(final String[] frames) {
        final String thread = frames[0];
        if (thread.contains("CompilerThre")) {
            return "JIT compiler";
        }
        if (thread.contains("VM Thread") || thread.contains("GC Thread")) {
            return "GC and VM";
        }
        if (thread.contains("JFR")) {
            return "JFR";
        }
        for (int i = frames.length - 1; i > 0; i--) {
            for (final Map.Entry<String, String> rule : COMPONENTS) {
                if (frames[i].startsWith(rule.getKey())
                        || (rule.getKey().equals("librocksdbjni") && frames[i].contains(rule.getKey()))) {
                    return rule.getValue();
                }
            }
        }
        return frames[frames.length - 1].endsWith("_[k]") ? "kernel" : "JDK and other";
    }

    /** {@code [C2 CompilerThread0 tid=123]} and {@code [C2 CompilerThread1 tid=124]} are one group; so are pool threads. */
    static String threadGroup(final String frame) {
        final String name = frame.startsWith("[") && frame.endsWith("]") ? frame.substring(1, frame.length() - 1) : frame;
        return name.replaceAll(" tid=\\d+", "")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("(?<=[-_ #]|Thread)\\d+", "N");
    }

    /** Java frames read {@code org/opencdp/Foo.bar}; native ones {@code Class::method}, {@code /lib.so}, {@code x_[k]}. */
    private static boolean isJava(final String frame) {
        return frame.indexOf('/') > 0 && frame.indexOf('.') > 0 && !frame.contains("::") && !frame.contains(" ")
                && !frame.endsWith("_[k]");
    }
}
