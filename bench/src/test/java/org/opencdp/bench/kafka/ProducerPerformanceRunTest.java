package org.opencdp.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProducerPerformanceRunTest {

    @Test
    void shouldReadTheFinalSummaryAndNotAnIntermediateLine() {
        // Given the tool's output: progress lines, then the summary with percentiles
        final String output = """
                81234 records sent, 16246.8 records/sec (4.73 MB/sec), 512.3 ms avg latency, 901.0 ms max latency.
                100000 records sent, 16567.263088 records/sec (4.82 MB/sec), 480.11 ms avg latency, 950.00 ms max latency, 470 ms 50th, 800 ms 95th, 900 ms 99th, 949 ms 99.9th.
                """;

        // When parsing it
        final ProducerPerformanceRun.Summary summary = ProducerPerformanceRun.parse(output).orElseThrow();

        // Then every figure of the summary is read
        assertThat(summary).isEqualTo(new ProducerPerformanceRun.Summary(100_000, 16567.263088, 4.82, 480.11, 950.0,
                470, 800, 900, 949));
    }

    @Test
    void shouldFindNoSummaryInAnOutputThatStoppedEarly() {
        assertThat(ProducerPerformanceRun.parse("81234 records sent, 16246.8 records/sec (4.73 MB/sec), 512.3 ms avg "
                + "latency, 901.0 ms max latency.\n")).isEmpty();
    }

    @Test
    void shouldPassTheProducerSettingsInAStableOrder() {
        assertThat(ProducerPerformanceRun.arguments("t", 1000, 300, Map.of("linger.ms", "5", "acks", "all")))
                .containsExactly("--topic", "t", "--num-records", "1000", "--record-size", "300", "--throughput", "-1",
                        "--producer-props", "acks=all", "linger.ms=5");
    }
}
