package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void shouldFindTheMetricsOfAnExpressionAndNotItsFunctionsLabelsOrKeywords() {
        assertThat(PromQl.metricNames("sum by (job, topic) (rate(cdp_dead_letters_total{topic=~\"a|b\", reason!=\"x_total\"}[5m])) > 0"))
                .containsExactly("cdp_dead_letters_total");
        assertThat(PromQl.metricNames("sum by (job) (rate(http_server_requests_seconds_count{status=~\"5..\"}[5m])) "
                + "/ sum by (job) (rate(http_server_requests_seconds_count[5m])) > 0.01"))
                .containsExactly("http_server_requests_seconds_count");
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (job, le) (rate(http_server_requests_seconds_bucket{uri!~\"/q/.*\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
    }

    @Test
    void shouldFindABareMetricBesideOperatorsAndComparisons() {
        assertThat(PromQl.metricNames("up{job=~\"$job\"} == 0")).containsExactly("up");
        assertThat(PromQl.metricNames("cdp_streams_ready == 0")).containsExactly("cdp_streams_ready");
        assertThat(PromQl.metricNames("increase(kafka_stream_failed_stream_threads_total[10m]) > 0 or kafka_stream_alive_stream_threads == 0"))
                .containsExactly("kafka_stream_failed_stream_threads_total", "kafka_stream_alive_stream_threads");
        assertThat(PromQl.metricNames("a_total / on (job) group_left (instance) b_total unless c offset 5m"))
                .containsExactly("a_total", "b_total", "c");
        assertThat(PromQl.metricNames("1e3 * process_cpu_usage")).containsExactly("process_cpu_usage");
    }
}
