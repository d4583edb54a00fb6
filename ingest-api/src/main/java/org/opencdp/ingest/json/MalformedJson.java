package org.opencdp.ingest.json;

/**
 * A request body that is not one JSON value: empty, cut short, syntax errors, trailing content, or past
 * the parser's safety limits (nesting depth, number and string length).
 *
 * @param offset where the parser stopped, in bytes from the start of the body (-1 when unknown)
 */
public record MalformedJson(String reason, long offset, int line, int column) {

    /** {@code "<reason> at line L, column C"}, or the reason alone when the position is unknown. */
    public String describe() {
        return line > 0 ? reason + " at line " + line + ", column " + column : reason;
    }
}
