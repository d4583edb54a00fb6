package org.opencdp.projector.query;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where other instances reach this one (its {@code application.server}), to tell local data from remote. */
@ApplicationScoped
public class InstanceAddress {

    private final HostInfo host;

    InstanceAddress(@ConfigProperty(name = "quarkus.kafka-streams.application-server") final String applicationServer) {
        this.host = HostInfo.buildFromEndpoint(applicationServer);
        if (host == null) {
            throw new IllegalStateException("Set quarkus.kafka-streams.application-server to host:port");
        }
    }

    public HostInfo host() {
        return host;
    }

    /** host:port, as the {@code X-Cdp-Served-By} header names an instance. */
    @Override
    public String toString() {
        return host.host() + ":" + host.port();
    }
}
