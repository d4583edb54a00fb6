package org.opencdp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports: finding a free one, and whether something listens on one. */
final class LocalPorts {

    static final String LOOPBACK = "127.0.0.1";

    /** The lowest port {@link #free} picks. */
    static final int LOWEST = 20_000;
    /** Where Linux says its ephemeral ports are: {@code 32768	60999}. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int TRIES = 100;

    /**
     * A port free right now on the loopback interface, for a process started soon after to bind. It is taken below
     * the kernel's ephemeral range: a port the kernel hands out for {@code bind(0)} is an ephemeral one, and between
     * its release and the child's bind any outgoing connection on the machine may be given it (a test broker failed
     * to start so in CI, "Address already in use"). Below that range only an explicit bind takes a port. Where the
     * range is unknown or leaves no room, the kernel's choice.
     */
    static int free() {
        final int below = ephemeralStart();
        for (int i = 0; i < TRIES && below - LOWEST > TRIES; i++) {
            final int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
            if (bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** The first ephemeral port (Linux), or {@link #LOWEST} where it cannot be read: no room, the kernel chooses. */
    static int ephemeralStart() {
        try {
            final String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unknown) {
            return LOWEST;
        }
    }

    private static boolean bindable(final int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException taken) {
            return false;
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
