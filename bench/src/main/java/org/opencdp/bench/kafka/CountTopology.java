package org.opencdp.bench.kafka;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The fold-rate baseline: the least a Kafka Streams application can do with the command topic under the same
 * guarantee as the projector, counting records per key into a RocksDB store (changelogged), bytes never
 * deserialized. Run in its own JVM with the projector's JVM options.
 */
public final class CountTopology {

    public static final String STORE = "bench-count-store";

    public static Topology build(final String sourceTopic) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(sourceTopic, Consumed.with(Serdes.Bytes(), Serdes.Bytes()).withName("bench-count-source"))
                .groupByKey()
                .count(Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.Bytes()).withValueSerde(Serdes.Long()));
        return builder.build();
    }

    /** The projector's Streams settings that shape throughput: exactly_once_v2, one thread, 100 ms commits. */
    public static Properties properties(final String bootstrapServers, final String applicationId, final Path stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return props;
    }

    /** {@code CountTopology <bootstrap servers> <application id> <state dir> <topic>}: runs until stopped. */
    public static void main(final String[] args) throws InterruptedException {
        if (args.length != 4) {
            throw new IllegalArgumentException("Usage: CountTopology <bootstrap servers> <application id> <state dir> <topic>");
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final KafkaStreams streams = new KafkaStreams(build(args[3]), properties(args[0], args[1], Path.of(args[2])));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }, "count-topology-stop"));
        streams.setUncaughtExceptionHandler(e -> {
            e.printStackTrace();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        stopped.await();
    }

    private CountTopology() {
    }
}
