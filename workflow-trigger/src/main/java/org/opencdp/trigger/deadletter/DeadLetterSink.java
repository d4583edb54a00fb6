package org.opencdp.trigger.deadletter;

import org.apache.kafka.common.header.Headers;

/** Where unreadable records go: a dead-letter topic. A send returns once the record is durably stored. */
public interface DeadLetterSink {

    void send(String topic, byte[] key, byte[] value, Headers headers);
}
