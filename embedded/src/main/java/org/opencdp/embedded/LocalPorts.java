package org.opencdp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports: finding a free one, and whether something listens on one. */
final class LocalPorts {

    static final String LOOPBACK = "127.0.0.1";

    /** A port free right now on the loopback interface (a process started soon after can bind it). */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** {@code port}, or a free port when it is 0. */
    static int orFree(final int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Not a TCP port: " + port);
        }
        return port == 0 ? free() : port;
    }

    static boolean isListening(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private LocalPorts() {
    }
}
