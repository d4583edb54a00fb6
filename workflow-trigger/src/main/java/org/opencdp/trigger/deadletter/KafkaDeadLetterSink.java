package org.opencdp.trigger.deadletter;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.opencdp.platform.kafka.KafkaClients;

/**
 * Sends dead letters with an idempotent {@code acks=all} producer of its own, created on the first dead
 * letter from the streams configuration's connection settings (bootstrap servers, security).
 */
final class KafkaDeadLetterSink implements DeadLetterSink {

    private final KafkaClients clients;
    private final Map<String, Object> producerConfig;
    private Producer<byte[], byte[]> producer;

    KafkaDeadLetterSink(final Map<String, ?> streamsConfig) {
        clients = KafkaClients.fromStreamsConfig(streamsConfig);
        producerConfig = clients.producerConfig("workflow-trigger-dead-letters");
    }

    @Override
    public synchronized void send(final String topic, final byte[] key, final byte[] value, final Headers headers) {
        if (producer == null) {
            producer = clients.producer(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (ExecutionException e) {
            throw new KafkaException("Cannot write a dead letter to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while writing a dead letter to " + topic, e);
        }
    }
}
