package org.opencdp.ingest.publish;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How commands are written to Kafka; values and the reasons for them are in application.properties. */
@ConfigMapping(prefix = "cdp.ingest.publish")
public interface PublishSettings {

    /**
     * The longest a request waits for Kafka: bounds blocking on metadata or a full buffer
     * ({@code max.block.ms}) and each record's delivery ({@code delivery.timeout.ms}); past it the
     * answer is 503.
     */
    Duration timeout();

    /** Answered in {@code Retry-After} with a 503. */
    Duration retryAfter();

    /** {@code linger.ms}. */
    Duration linger();

    /** {@code batch.size}, bytes per partition batch. */
    int batchSize();

    /** {@code compression.type}. */
    String compression();

    /** {@code buffer.memory}, bytes of records waiting to be sent. */
    long bufferMemory();

    /**
     * The largest body a small-write route handles on the event loop, without a hop to a worker thread, while the
     * producer takes records without blocking; larger bodies are parsed and published on a worker thread.
     */
    int eventLoopBodyBytes();
}
