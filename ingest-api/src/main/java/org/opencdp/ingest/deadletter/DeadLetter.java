package org.opencdp.ingest.deadletter;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One record of a dead-letter topic as {@code GET /dead-letters} lists it: where it is, when it was written, why
 * it was refused ({@code cdp.dlq.reason}, {@code cdp.dlq.exception}), where it was read ({@code cdp.dlq.topic},
 * partition, offset), its request id, and its key, value and headers bounded ({@link Shown}).
 */
public record DeadLetter(String topic, int partition, long offset, String timestamp, String reason, String exception,
                         @JsonProperty("source_topic") String sourceTopic,
                         @JsonProperty("source_partition") String sourcePartition,
                         @JsonProperty("source_offset") String sourceOffset,
                         @JsonProperty("request_id") String requestId,
                         Shown key, Shown value, List<Header> headers) {

    /** A record header, in record order (a name may repeat). */
    public record Header(String name, Shown value) {
    }
}
