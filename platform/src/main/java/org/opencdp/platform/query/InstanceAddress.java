package org.opencdp.platform.query;

import org.apache.kafka.streams.state.HostInfo;

/** Where other instances reach this one (its {@code application.server}), to tell local data from remote. */
public final class InstanceAddress {

    private final HostInfo host;

    /** @param applicationServer {@code quarkus.kafka-streams.application-server}, host:port */
    public InstanceAddress(final String applicationServer) {
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
