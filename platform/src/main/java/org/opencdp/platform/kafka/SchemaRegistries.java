package org.opencdp.platform.kafka;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.opencdp.schemas.serde.RegistryAccess;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * The one place the services build their schema registry client from configuration, so that every call to the
 * registry (the serdes of every topic, Streams included, and the followers of compacted topics) authenticates and
 * trusts the same way. Keys (each overridden by its environment variable, {@code CDP_SCHEMA_REGISTRY_BASIC_AUTH}):
 * <ul>
 *   <li>{@value #URL}: the registry's Confluent-compatible API;</li>
 *   <li>{@value #BASIC_AUTH}: {@code user:password} (Confluent Cloud: API key and secret), or</li>
 *   <li>{@value #BEARER_TOKEN}: a bearer token (not with basic credentials);</li>
 *   <li>{@value #TRUSTSTORE_LOCATION}, {@value #TRUSTSTORE_PASSWORD}, {@value #TRUSTSTORE_TYPE} ({@code PKCS12}
 *       unless set): the certificates an {@code https} registry is trusted by, when not the JVM's.</li>
 * </ul>
 */
public final class SchemaRegistries {

    public static final String URL = "cdp.schema-registry.url";
    public static final String BASIC_AUTH = "cdp.schema-registry.basic-auth";
    public static final String BEARER_TOKEN = "cdp.schema-registry.bearer-token";
    public static final String TRUSTSTORE_LOCATION = "cdp.schema-registry.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "cdp.schema-registry.truststore.password";
    public static final String TRUSTSTORE_TYPE = "cdp.schema-registry.truststore.type";

    private SchemaRegistries() {
    }

    /** How to authenticate to the registry and what to trust, from the keys above. */
    public static RegistryAccess access(final Config config) {
        return RegistryAccess.of(config.getOptionalValue(BASIC_AUTH, String.class),
                config.getOptionalValue(BEARER_TOKEN, String.class),
                config.getOptionalValue(TRUSTSTORE_LOCATION, String.class).map(Path::of),
                config.getOptionalValue(TRUSTSTORE_PASSWORD, String.class),
                config.getOptionalValue(TRUSTSTORE_TYPE, String.class).orElse("PKCS12"));
    }

    /** A client of the configured registry, each request bounded by {@code timeout}. */
    public static RestSchemaRegistry client(final Config config, final Duration timeout) {
        return new RestSchemaRegistry(config.getValue(URL, String.class), timeout, access(config));
    }

    /** A client of the configured registry with the client's default request bound. */
    public static RestSchemaRegistry client(final Config config) {
        return client(config, RestSchemaRegistry.DEFAULT_TIMEOUT);
    }
}
