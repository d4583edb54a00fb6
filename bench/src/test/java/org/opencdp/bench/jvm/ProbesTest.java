package org.opencdp.bench.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProbesTest {

    @Test
    void shouldReadTheResidentSetSizeInBytesFromProcStatus() {
        final String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  312456 kB\nRssAnon:\t 250000 kB\n";
        assertThat(MemoryProbe.parseVmRss(status)).hasValue(312_456L * 1024);
        assertThat(MemoryProbe.parseVmRss("Name:\tjava\n")).isEmpty();
    }

    @Test
    void shouldReadEachCategoryOfANativeMemorySummaryTheTotalFirst() {
        // Given jcmd's VM.native_memory summary of a JVM started with -XX:NativeMemoryTracking=summary
        final String summary = """
                12345:

                Native Memory Tracking:

                (Omitting categories weighting less than 1KB)

                Total: reserved=1771032KB, committed=489232KB
                       malloc: 61234KB #123456
                       mmap:   reserved=1709798KB, committed=427998KB

                -                 Java Heap (reserved=262144KB, committed=262144KB)
                                            (mmap: reserved=262144KB, committed=262144KB, at peak)

                -                     Class (reserved=1048721KB, committed=8209KB)
                                            (classes #11520)

                -                    Thread (reserved=45123KB, committed=3456KB)
                """;

        // Then the committed kibibytes by category, the total first
        assertThat(MemoryProbe.parseNativeMemory(summary)).containsExactly(
                entry("Total", 489_232L), entry("Java Heap", 262_144L), entry("Class", 8_209L), entry("Thread", 3_456L));
        assertThat(MemoryProbe.parseNativeMemory("Native memory tracking is not enabled\n")).isEmpty();
    }

    @Test
    void shouldReadTheLiveBytesOfAClassHistogram() {
        // Given a class histogram as jcmd prints it
        final String histogram = """
                2849:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:        174036       16410000  [B (java.base@25.0.3)
                   2:        128445        4110240  java.util.HashMap$Node (java.base@25.0.3)
                  12:          3022        8755168  [Ljdk.internal.vm.FillerElement; (java.base@25.0.3)
                 900:             2             32  jdk.internal.vm.FillerObject (java.base@25.0.3)
                Total       1279255       56367112
                """;

        // Then the live heap is its total's bytes less the collector's fillers
        assertThat(MemoryProbe.parseHistogramTotal(histogram)).hasValue(56_367_112L - 8_755_168L - 32L);
        assertThat(MemoryProbe.parseHistogramTotal("2849:\nGC.class_histogram failed\n")).isEmpty();
    }

    @Test
    void shouldCountTheSeriesOfEachMetricMostFirst() {
        // Given a Prometheus scrape with two metrics, one of them in three series
        final String metrics = """
                # HELP kafka_stream_state_size_all_mem_tables
                # TYPE kafka_stream_state_size_all_mem_tables gauge
                kafka_stream_state_size_all_mem_tables{task_id="0_0",rocksdb_state_id="a"} 1.0
                kafka_stream_state_size_all_mem_tables{task_id="0_1",rocksdb_state_id="a"} 2.0
                kafka_stream_state_size_all_mem_tables{task_id="0_2",rocksdb_state_id="a"} 3.0
                process_uptime_seconds 12.5
                """;

        // Then each name is counted, the total first, the largest next
        assertThat(MemoryProbe.summarizeMeters(metrics)).isEqualTo("""
                4 series
                3 kafka_stream_state_size_all_mem_tables
                1 process_uptime_seconds
                """);
    }

    @Test
    void shouldSummarizeTheGcPausesOfAUnifiedLog() {
        // Given a GC log written with -Xlog:gc:file=…:uptime
        final GcLog gc = GcLog.parse("""
                [0.012s] Using Serial
                [2.500s] GC(0) Pause Young (Allocation Failure) 68M->12M(247M) 10.000ms
                [5.000s] GC(1) Pause Full (System.gc()) 40M->30M(247M) 90.000ms
                [10.000s] GC(2) Pause Young (Allocation Failure) 98M->31M(247M) 20.000ms
                """);

        // Then it counts the pauses, their total and longest, and the heap after the last one
        assertThat(gc.pauses()).isEqualTo(3);
        assertThat(gc.totalPauseMs()).isEqualTo(120.0);
        assertThat(gc.maxPauseMs()).isEqualTo(90.0);
        assertThat(gc.lastHeapAfterKb()).isEqualTo(31L * 1024);
        assertThat(gc.pausePercent()).isEqualTo(1.2);
    }

    @Test
    void shouldSummarizeACollapsedProfileByThreadOwnTimeAndInclusiveJavaTime() {
        // Given a collapsed profile per thread: two compiler threads, a stream thread calling RocksDB
        final String collapsed = """
                [C2 CompilerThread0 tid=11];thread_native_entry;PhaseChaitin::Split 20
                [C2 CompilerThread1 tid=12];thread_native_entry;PhaseChaitin::Split 10
                [app-StreamThread-1 tid=40];org/opencdp/Folder.fold;org/rocksdb/RocksDB.put;/tmp/librocksdbjni1.so 50
                [app-StreamThread-1 tid=40];org/opencdp/Folder.fold;org/apache/avro/io/BinaryEncoder.writeString 20
                not a sample line
                """;

        // When summarizing it
        final CollapsedProfile profile = CollapsedProfile.parse(collapsed);
        final List<String> summary = profile.summary(2);

        // Then the compiler threads add up as one group, leaf frames count own time, Java frames inclusive time
        assertThat(profile.total()).isEqualTo(100);
        assertThat(profile.threads()).containsEntry("C2 CompilerThreadN", 30L).containsEntry("app-StreamThread-N", 70L);
        assertThat(profile.components()).containsEntry("JIT compiler", 30L).containsEntry("RocksDB", 50L)
                .containsEntry("Avro", 20L);
        assertThat(summary).containsSubsequence(
                "  by component:", "     50.0 %  RocksDB", "     30.0 %  JIT compiler",
                "  by thread:", "     70.0 %  app-StreamThread-N", "     30.0 %  C2 CompilerThreadN",
                "  own time (leaf frames):", "     50.0 %  /tmp/librocksdbjni1.so", "     30.0 %  PhaseChaitin::Split",
                "  Java methods including callees:", "     70.0 %  org.opencdp.Folder.fold", "     50.0 %  org.rocksdb.RocksDB.put");
    }

    @Test
    void shouldKeepOnlyTheNamedThreadsWhenAskedTo() {
        final String collapsed = """
                [app-StreamThread-1 tid=40];org/opencdp/Folder.fold;sun/nio/ch/Net.poll 30
                [kafka-producer-network-thread | app-StreamThread-1-producer tid=41];org/apache/kafka/clients/producer/internals/Sender.run 70
                """;

        final CollapsedProfile streamThread = CollapsedProfile.parse(collapsed, "-StreamThread-N");

        assertThat(streamThread.total()).isEqualTo(30);
        assertThat(streamThread.components()).containsOnlyKeys("OpenCDP code");
    }
}
