package org.opencdp.importer.source;

import java.io.IOException;

/** The file as a whole cannot be imported (no header, no id column, not CSV or JSON lines): said in one line. */
public final class BadInputException extends IOException {

    public BadInputException(final String message) {
        super(message);
    }
}
