package org.opencdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void shouldComputeTheRatioOfValueToBaseline() {
        // Given 30,000 customers/s against a baseline of 120,000 records/s
        final Figure figure = Figure.compared("batched ingest", "customers/s", 30_000, 120_000, "ProducerPerformance",
                new Target.RatioAtLeast(0.5));

        // Then the ratio is 0.25 and the 0.5× target is not met
        assertThat(figure.ratio()).hasValue(0.25);
        assertThat(figure.met()).contains(false);
    }

    @Test
    void shouldHaveNoRatioWithoutABaselineOrWithAZeroOne() {
        assertThat(Figure.of("max", "req/s", 100, new Target.AtLeast(20_000)).ratio()).isEmpty();
        assertThat(Figure.compared("x", "u", 1, 0, "b", Target.none()).ratio()).isEmpty();
    }

    @Test
    void shouldJudgeValueTargetsAndLeaveFiguresWithoutTargetUnjudged() {
        assertThat(Figure.of("p99", "ms", 19.9, new Target.AtMost(20)).met()).contains(true);
        assertThat(Figure.of("p99", "ms", 20.1, new Target.AtMost(20)).met()).contains(false);
        assertThat(Figure.of("rate", "req/s", 20_000, new Target.AtLeast(20_000)).met()).contains(true);
        assertThat(Figure.of("p50", "ms", 3, Target.none()).met()).isEmpty();
        assertThat(Figure.of("p99", "ms", Double.NaN, new Target.AtMost(20)).met()).isEmpty();
    }

    @Test
    void shouldRenderOneAlignedRowPerFigureWithBaselineRatioTargetAndVerdict() {
        // Given a table of two figures
        final ResultTable table = new ResultTable()
                .add(Figure.compared("1. batched ingest", "customers/s", 30_000, 120_000, "ProducerPerformance",
                        new Target.RatioAtLeast(0.5)))
                .add(Figure.of("2. p99 at 50 %", "ms", 12.345, new Target.AtMost(20)));

        // When rendering it
        final List<String> lines = table.render().lines().toList();

        // Then a header, a rule and the two rows, the columns aligned
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("figure").contains("baseline").contains("ratio").contains("target");
        assertThat(lines.get(1)).matches("-+");
        assertThat(lines.get(2)).contains("30,000").contains("120,000 (ProducerPerformance)").contains("0.25×")
                .contains("≥ 0.5× baseline").endsWith("NO");
        assertThat(lines.get(3)).contains("12.3").contains("≤ 20 ms").endsWith("yes");
        assertThat(lines.get(2).indexOf("customers/s")).isEqualTo(lines.get(3).indexOf("ms "));
    }

    @Test
    void shouldGiveEveryFigureAsDataWithAbsentValuesAsNull() {
        // Given a measured figure and one whose phase produced nothing
        final ResultTable table = new ResultTable()
                .add(Figure.compared("fold", "commands/s", 5_000, 20_000, "Streams count", new Target.RatioAtLeast(0.5)))
                .add(Figure.of("e2e p99", "ms", Double.NaN, new Target.AtMost(150)));

        // When turning it into data
        final List<Map<String, Object>> data = table.asData();

        // Then numbers stay numbers and the unmeasured figure has nulls, not zeros
        assertThat(data.get(0)).containsEntry("value", 5_000.0).containsEntry("baseline", 20_000.0)
                .containsEntry("ratio", 0.25).containsEntry("target", "≥ 0.5× baseline").containsEntry("met", false)
                .containsEntry("baseline_name", "Streams count");
        assertThat(data.get(1)).containsEntry("value", null).containsEntry("ratio", null).containsEntry("met", null)
                .containsEntry("target", "≤ 150 ms");
    }
}
