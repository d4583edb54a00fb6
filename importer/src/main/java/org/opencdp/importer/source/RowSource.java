package org.opencdp.importer.source;

import java.io.Closeable;
import java.io.IOException;

/** The rows of an input file, one at a time (the file is streamed: memory does not grow with its size). */
public interface RowSource extends Closeable {

    /** The next row, or null at the end of the file. */
    RawRow next() throws IOException;
}
