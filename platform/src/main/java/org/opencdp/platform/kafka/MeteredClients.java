package org.opencdp.platform.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The clients {@link KafkaClients} builds: Kafka's own clients whose metrics are bound to a meter registry
 * (Micrometer's {@link KafkaClientMetrics}) from their creation until their close, which removes every meter the
 * binding registered. Each is handed out as its interface ({@link Producer}, {@link Consumer}, {@link Admin}),
 * a proxy that calls the client and, after any {@code close}, unbinds its metrics.
 */
final class MeteredClients {

    private MeteredClients() {
    }

    /**
     * The one thread that refreshes every binding's meters (Micrometer checks each minute for metrics a client
     * added, such as a new topic's): shared, so a client built per request does not start a thread of its own.
     */
    private static final class Refresher {
        static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(task -> {
            final Thread thread = new Thread(task, "kafka-client-metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    @SuppressWarnings("unchecked")
    static <K, V> Producer<K, V> producer(final KafkaProducer<K, V> producer, final MeterRegistry registry) {
        return metered(Producer.class, producer, new KafkaClientMetrics(producer, List.of(), Refresher.THREAD), registry);
    }

    @SuppressWarnings("unchecked")
    static <K, V> Consumer<K, V> consumer(final KafkaConsumer<K, V> consumer, final MeterRegistry registry) {
        return metered(Consumer.class, consumer, new KafkaClientMetrics(consumer, List.of(), Refresher.THREAD), registry);
    }

    static Admin admin(final AdminClient admin, final MeterRegistry registry) {
        return metered(Admin.class, admin, new KafkaClientMetrics(admin, List.of(), Refresher.THREAD), registry);
    }

    /**
     * {@code client} as {@code type}, its {@code metrics} bound to {@code registry} until a {@code close} of it
     * returns or throws. If the binding fails, the client is closed at once.
     */
    private static <T extends AutoCloseable> T metered(final Class<T> type, final T client,
                                                       final KafkaClientMetrics metrics, final MeterRegistry registry) {
        try {
            metrics.bindTo(registry);
        } catch (RuntimeException e) {
            try {
                client.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        final AtomicBoolean unbound = new AtomicBoolean();
        final InvocationHandler unbindOnClose = (proxy, method, args) -> {
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (method.getName().equals("close") && unbound.compareAndSet(false, true)) {
                    metrics.close();
                }
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, unbindOnClose));
    }
}
