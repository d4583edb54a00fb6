package org.opencdp.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;

import org.eclipse.microprofile.config.Config;

/**
 * Builds the services' {@link KafkaClients} from the configuration keys under {@value KafkaClients#PREFIX}, their
 * metrics reported to the application's registry (Quarkus's root registry, Micrometer's global one).
 */
@ApplicationScoped
public class KafkaClientsProducer {

    @Produces
    @Singleton
    KafkaClients kafkaClients(final Config config, final MeterRegistry meters) {
        return KafkaClients.fromConfig(config, meters);
    }
}
