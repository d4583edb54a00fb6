package org.opencdp.importer.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV with a header row, read byte by byte so that a cell that is not UTF-8, too large or holds a
 * control character refuses its row only. Quoted cells may hold separators, quotes ({@code ""}) and line
 * breaks. Bounded: a cell keeps at most {@link #MAX_CELL_BYTES} bytes, a row at most {@link #MAX_CELLS} cells;
 * beyond that the rest is read and dropped and the row refused.
 */
public final class CsvSource implements RowSource {

    /** Far above what any route accepts (strings of at most 1000 characters), low enough to bound memory. */
    public static final int MAX_CELL_BYTES = 64 * 1024;
    /** A customer holds at most 500 fields; a row of more cells cannot be valid. */
    public static final int MAX_CELLS = 1000;

    private final Bytes in;
    /** The cell being read, reused from cell to cell (no lock per byte, unlike ByteArrayOutputStream). */
    private final CellBuffer cell = new CellBuffer();
    private final List<String> header;
    private long line = 1;
    private boolean ended;

    private CsvSource(final Bytes in, final List<String> header) {
        this.in = in;
        this.header = header;
    }

    /** Reads the header row; refuses a file whose header is unusable. */
    public static CsvSource open(final InputStream in) throws IOException {
        final Bytes bytes = new Bytes(in);
        bytes.skipByteOrderMark();
        final CsvSource source = new CsvSource(bytes, List.of());
        final Record first = source.readRecord();
        if (first == null) {
            throw new BadInputException("the file is empty: a CSV import needs a header row");
        }
        if (!first.problems.isEmpty()) {
            throw new BadInputException("the header row is unreadable: " + String.join("; ", first.problems));
        }
        final List<String> names = new ArrayList<>();
        for (final byte[] cell : first.cells) {
            final String name = Utf8.decode(cell, cell.length);
            if (name == null) {
                throw new BadInputException("the header row is not valid UTF-8");
            }
            final String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                throw new BadInputException("the header row has an empty column name (column " + (names.size() + 1) + ")");
            }
            if (Utf8.controlCharacter(trimmed) >= 0 || trimmed.indexOf('\n') >= 0 || trimmed.indexOf('\r') >= 0 || trimmed.indexOf('\t') >= 0) {
                throw new BadInputException("the header row's column " + (names.size() + 1) + " holds a control character");
            }
            if (names.contains(trimmed)) {
                throw new BadInputException("the header row names column \"" + trimmed + "\" twice");
            }
            names.add(trimmed);
        }
        return new CsvSource(bytes, List.copyOf(names)).at(source.line);
    }

    private CsvSource at(final long nextLine) {
        this.line = nextLine;
        return this;
    }

    public List<String> header() {
        return header;
    }

    /**
     * One row's cells by the header's position (null where a cell is missing, not UTF-8 or holds a control
     * character, each with its reason in {@code problems}). The values are those {@link #next()} puts in its map.
     */
    public record Row(long line, String[] cells, List<String> problems) {
    }

    @Override
    public RawRow next() throws IOException {
        final Row row = nextRow();
        if (row == null) {
            return null;
        }
        final Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (row.cells[i] != null) {
                values.put(header.get(i), row.cells[i]);
            }
        }
        return new RawRow(row.line, values, row.problems);
    }

    /** The next row, as {@link #next()} reads it, without a map per row; null at the end. */
    public Row nextRow() throws IOException {
        while (true) {
            final long start = line;
            final Record record = readRecord();
            if (record == null) {
                return null;
            }
            if (record.cells.size() == 1 && record.cells.get(0).length == 0 && record.problems.isEmpty()) {
                continue; // a blank line
            }
            final List<String> problems = record.problems.isEmpty() ? new ArrayList<>(2) : new ArrayList<>(record.problems);
            if (record.cells.size() != header.size() && problems.isEmpty()) {
                problems.add("row has " + record.cells.size() + " cells, the header has " + header.size());
            }
            final String[] cells = new String[header.size()];
            for (int i = 0; i < Math.min(record.cells.size(), header.size()); i++) {
                final byte[] cell = record.cells.get(i);
                final String text = Utf8.decode(cell, cell.length);
                if (text == null) {
                    problems.add(header.get(i) + ": not valid UTF-8");
                    continue;
                }
                final int control = Utf8.controlCharacter(text);
                if (control >= 0) {
                    problems.add(header.get(i) + ": control character U+" + String.format("%04X", control));
                    continue;
                }
                cells[i] = text;
            }
            return new Row(start, cells, problems);
        }
    }

    private record Record(List<byte[]> cells, List<String> problems) {
    }

    /** One record (cells as bytes), or null at the end of the input. */
    private Record readRecord() throws IOException {
        if (ended) {
            return null;
        }
        final List<byte[]> cells = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final CellBuffer cell = this.cell;
        cell.reset();
        boolean quoted = false;
        boolean afterQuote = false;
        boolean cellTooLarge = false;
        boolean tooManyCells = false;
        boolean any = false;
        while (true) {
            final int b = in.read();
            if (b < 0) {
                ended = true;
                if (!any) {
                    return null;
                }
                if (quoted) {
                    problems.add("a quoted cell is not closed before the end of the file");
                }
                break;
            }
            any = true;
            if (quoted) {
                if (b == '"') {
                    quoted = false;
                    afterQuote = true;
                } else {
                    if (b == '\n') {
                        line++;
                    }
                    cellTooLarge |= append(cell, b);
                }
                continue;
            }
            if (b == '"') {
                if (afterQuote) { // "" inside a quoted cell
                    cellTooLarge |= append(cell, b);
                    quoted = true;
                    afterQuote = false;
                } else if (cell.size() == 0) {
                    quoted = true;
                } else {
                    cellTooLarge |= append(cell, b); // a quote inside an unquoted cell is kept as text
                }
                continue;
            }
            if (b == ',' || b == '\n') {
                tooManyCells |= addCell(cells, cell);
                cell.reset();
                afterQuote = false;
                if (b == '\n') {
                    line++;
                    break;
                }
                continue;
            }
            if (b == '\r') {
                continue; // CRLF line ends; a bare CR inside a quoted cell is kept above
            }
            if (afterQuote) {
                problems.add("text after a closing quote in cell " + (cells.size() + 1));
                afterQuote = false;
            }
            cellTooLarge |= append(cell, b);
        }
        if (ended) {
            tooManyCells |= addCell(cells, cell);
        }
        if (cellTooLarge) {
            problems.add("a cell is over " + MAX_CELL_BYTES + " bytes");
        }
        if (tooManyCells) {
            problems.add("row has over " + MAX_CELLS + " cells");
        }
        return new Record(cells, problems);
    }

    private static boolean append(final CellBuffer cell, final int b) {
        if (cell.size() >= MAX_CELL_BYTES) {
            return true;
        }
        cell.write(b);
        return false;
    }

    private static boolean addCell(final List<byte[]> cells, final CellBuffer cell) {
        if (cells.size() >= MAX_CELLS) {
            return true;
        }
        cells.add(cell.toByteArray());
        return false;
    }

    /** A growable byte array for one cell. */
    private static final class CellBuffer {
        private byte[] bytes = new byte[64];
        private int size;

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        void write(final int b) {
            if (size == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, size);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
