package org.opencdp.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

/** Builds the services' {@link KafkaClients} from the configuration keys under {@value KafkaClients#PREFIX}. */
@ApplicationScoped
public class KafkaClientsProducer {

    @Produces
    @Singleton
    KafkaClients kafkaClients(final Config config) {
        return KafkaClients.fromConfig(config);
    }
}
