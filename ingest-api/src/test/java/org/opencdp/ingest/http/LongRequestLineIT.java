package org.opencdp.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;
import org.opencdp.ingest.testing.EmbeddedInfrastructure;

/**
 * Issue 12 (FuzzIT's "no answer"): a request line past Vert.x's limit was answered by Vert.x itself, 414 without
 * "Connection: close", and the connection closed, so a client reusing it lost its next request. A path with a
 * name past its route's limit now reaches the route: the caller gets the route's own 4xx and the connection
 * answers the next request.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructure.class)
class LongRequestLineIT {

    @TestHTTPResource("/")
    URL root;

    /** One HTTP/1.1 answer read off {@code in}: its status line and headers, and its body (by Content-Length). */
    private record Answer(String head, String body) {
        int status() {
            return Integer.parseInt(head.split(" ", 3)[1]);
        }
    }

    private static Answer read(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            final int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
        }
        final String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (final String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new Answer(headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private void send(final OutputStream out, final String method, final String path, final String body)
            throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write((method + " " + path + " HTTP/1.1\r\nHost: " + root.getHost() + "\r\nAuthorization: Bearer demo-token"
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    @Test
    void shouldAnswerAPropertyNamePastItsLimitFromTheRouteAndKeepTheConnection() throws IOException {
        // Given a property name of 410 four-byte characters: 4,920 characters once percent-encoded, past Vert.x's
        // default request line limit of 4,096
        final String path = "/properties/" + URLEncoder.encode("𝄞".repeat(410), StandardCharsets.UTF_8);
        assertThat(path.length()).isGreaterThan(4096);
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(30_000);
            // When it is put, then an ordinary request follows on the same connection
            send(socket.getOutputStream(), "PUT", path, "{\"type\":\"string\"}");
            final Answer refused = read(socket.getInputStream());
            send(socket.getOutputStream(), "PUT", "/properties/", "{\"type\":\"string\"}");
            final Answer next = read(socket.getInputStream());

            // Then the route refused the name with its 4xx and error body, and the connection answered the next
            assertThat(refused.status()).as(refused.head()).isBetween(400, 499);
            assertThat(refused.body()).contains("name");
            assertThat(next.status()).as(next.head()).isBetween(200, 499);
        }
    }
}
