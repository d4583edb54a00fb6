package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void shouldPickAFreePortBelowTheEphemeralRange() throws IOException {
        // Given the kernel's ephemeral range, from which outgoing connections take their ports
        final int ephemeral = LocalPorts.ephemeralStart();

        // When a free port is asked for
        final int port = LocalPorts.free();

        // Then it lies below that range (where the range leaves room), and a server can bind it
        if (ephemeral - LocalPorts.LOWEST > 100) {
            assertThat(port).isBetween(LocalPorts.LOWEST, ephemeral - 1);
        }
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(LocalPorts.LOOPBACK, port));
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void shouldNotPickAPortSomethingListensOn() throws IOException {
        // Given many ports picked while each picked one stays bound
        final List<ServerSocket> bound = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                // When another is picked, then it is none of those already bound
                final int port = LocalPorts.free();
                final ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(LocalPorts.LOOPBACK, port));
                bound.add(server);
            }
            assertThat(bound).hasSize(50);
        } finally {
            for (final ServerSocket server : bound) {
                server.close();
            }
        }
    }
}
