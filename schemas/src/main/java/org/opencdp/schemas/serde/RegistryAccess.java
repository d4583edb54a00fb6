package org.opencdp.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a client authenticates to the schema registry and which certificates it trusts: at most one of HTTP basic
 * credentials ({@code user:password}, as Confluent Cloud's API key and secret) and a bearer token, and an optional
 * trust store (a private CA); none of them for an open registry on a trusted network.
 *
 * <p>The secret never leaves this object except as the {@code Authorization} header of a request: {@link
 * #toString()} names what is configured, not its value.
 */
public final class RegistryAccess {

    /** No credentials, the JVM's default trust. */
    public static final RegistryAccess NONE = new RegistryAccess(Optional.empty(), Optional.empty(), "none");

    private final Optional<String> authorization;
    private final Optional<SSLContext> ssl;
    private final String description;

    private RegistryAccess(final Optional<String> authorization, final Optional<SSLContext> ssl,
                           final String description) {
        this.authorization = authorization;
        this.ssl = ssl;
        this.description = description;
    }

    /**
     * @param basicAuth   {@code user:password}, or empty
     * @param bearerToken a bearer token, or empty; not together with {@code basicAuth}
     * @param trustStore  a trust store file (PKCS12 or JKS), or empty for the JVM's default trust
     * @param trustStorePassword its password, or empty
     * @param trustStoreType     {@code PKCS12} or {@code JKS}
     * @throws IllegalArgumentException when both credentials are set, the basic credentials have no ':', or the
     *                                  trust store cannot be read (the message names the setting, not the secret)
     */
    public static RegistryAccess of(final Optional<String> basicAuth, final Optional<String> bearerToken,
                                    final Optional<Path> trustStore, final Optional<String> trustStorePassword,
                                    final String trustStoreType) {
        final Optional<String> basic = basicAuth.filter(s -> !s.isBlank());
        final Optional<String> bearer = bearerToken.filter(s -> !s.isBlank());
        if (basic.isPresent() && bearer.isPresent()) {
            throw new IllegalArgumentException("Set either the schema registry's basic credentials or its bearer token, not both");
        }
        if (basic.isPresent() && basic.get().indexOf(':') < 1) {
            throw new IllegalArgumentException("The schema registry's basic credentials must be user:password");
        }
        final Optional<String> authorization = basic
                .map(b -> "Basic " + Base64.getEncoder().encodeToString(b.getBytes(StandardCharsets.UTF_8)))
                .or(() -> bearer.map(t -> "Bearer " + t.strip()));
        final Optional<SSLContext> ssl = trustStore.map(path -> trusting(path, trustStorePassword, trustStoreType));
        final String description = (basic.isPresent() ? "basic credentials of user " + basic.get().substring(0, basic.get().indexOf(':'))
                : bearer.isPresent() ? "a bearer token" : "no credentials")
                + trustStore.map(p -> ", trust store " + p).orElse("");
        return new RegistryAccess(authorization, ssl, description);
    }

    private static SSLContext trusting(final Path path, final Optional<String> password, final String type) {
        try (InputStream in = Files.newInputStream(path)) {
            final KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.map(String::toCharArray).orElse(null));
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the schema registry's trust store " + path + " (" + type
                    + "): " + e.getMessage(), e);
        }
    }

    /** The value of the {@code Authorization} header of every request, if any. */
    Optional<String> authorization() {
        return authorization;
    }

    /** The TLS context trusting the configured trust store, if one is configured. */
    Optional<SSLContext> ssl() {
        return ssl;
    }

    @Override
    public String toString() {
        return description;
    }
}
