package org.opencdp.projector.history;

/** What one history entry changed (contract section 12; segments join once they are folded into profiles). */
public enum HistoryKind {
    /** A property's value: set, changed or cleared ({@code old}/{@code new} are the whole {@code Attribute}). */
    ATTRIBUTE("attribute"),
    /** One item of an array field, by its id: added, replaced or removed ({@code old}/{@code new} are {@code ArrayItem}s). */
    ARRAY_ITEM("array_item"),
    /** An identifier added, changed (same kind and name, another value) or removed. */
    IDENTIFIER("identifier"),
    /** A subscription added or changed (a repeated attempt counts). */
    SUBSCRIPTION("subscription"),
    /** A merge record, the profile's {@code merged_into}, or its {@code created_at} moved by a merge. */
    MERGE("merge");

    private final String label;

    HistoryKind(final String label) {
        this.label = label;
    }

    /** The kind the contract calls {@code label}. */
    public static HistoryKind of(final String label) {
        for (final HistoryKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a history kind: " + label);
    }

    /** The name the contract gives it ({@code "kind"} of an entry). */
    public String label() {
        return label;
    }
}
