package org.opencdp.schemas.serde;

/**
 * The registry could not be reached, or refused a request. When it answered, {@link #httpStatus()} and
 * {@link #errorCode()} carry its answer (Confluent error codes, e.g. 409 for an incompatible schema, 40403
 * for an unknown id); both are 0 otherwise.
 */
public class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(final String message) {
        this(message, 0, 0);
    }

    public SchemaRegistryException(final String message, final Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
        this.errorCode = 0;
    }

    public SchemaRegistryException(final String message, final int httpStatus, final int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(final String message, final int httpStatus, final int errorCode,
                                   final Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The registry's HTTP status, or 0 when it did not answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, or 0 when it gave none. */
    public int errorCode() {
        return errorCode;
    }
}
