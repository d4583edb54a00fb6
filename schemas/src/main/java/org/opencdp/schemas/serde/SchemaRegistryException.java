package org.opencdp.schemas.serde;

/** The registry could not be reached, or refused a request. */
public class SchemaRegistryException extends RuntimeException {

    public SchemaRegistryException(final String message) {
        super(message);
    }

    public SchemaRegistryException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
