package org.opencdp.importer.source;

import java.util.List;
import java.util.Map;

/**
 * One row as read from the file: its line number (where it starts; a CSV header is line 1), its values by
 * column name (text for CSV, JSON text for JSON lines) and what made it unreadable. A row with problems is
 * refused whole; its values may be partial.
 */
public record RawRow(long line, Map<String, Object> values, List<String> problems) {

    public RawRow {
        values = values == null ? Map.of() : values;
        problems = List.copyOf(problems);
    }
}
