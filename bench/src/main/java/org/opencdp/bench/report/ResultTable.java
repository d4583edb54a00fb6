package org.opencdp.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The figures of one run, as the text table printed at the end and as the JSON written under target/. */
public final class ResultTable {

    private static final String[] HEADER = {"figure", "value", "unit", "baseline", "ratio", "target", "met"};

    private final List<Figure> figures = new ArrayList<>();

    public ResultTable add(final Figure figure) {
        figures.add(figure);
        return this;
    }

    /** The same figures ordered by the section number their names start with ({@code 3. …}), stable within one. */
    public ResultTable bySection() {
        final ResultTable sorted = new ResultTable();
        figures.stream().sorted(java.util.Comparator.comparingInt(ResultTable::section)).forEach(sorted::add);
        return sorted;
    }

    private static int section(final Figure figure) {
        final String name = figure.name();
        final int dot = name.indexOf('.');
        try {
            return dot > 0 ? Integer.parseInt(name.substring(0, dot)) : Integer.MAX_VALUE;
        } catch (NumberFormatException notNumbered) {
            return Integer.MAX_VALUE;
        }
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** A fixed-width text table, one row per figure, columns as in {@link #HEADER}. */
    public String render() {
        final List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (final Figure f : figures) {
            rows.add(new String[] {
                    f.name(),
                    text(f.value()),
                    f.unit(),
                    f.baseline().isPresent() ? text(f.baseline()) + " (" + f.baselineName() + ")" : "",
                    f.ratio().isPresent() ? Numbers.format(f.ratio().getAsDouble()) + "×" : "",
                    f.target().describe(f.unit()),
                    f.met().map(met -> met ? "yes" : "NO").orElse("")});
        }
        final int[] widths = new int[HEADER.length];
        for (final String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            final String[] row = rows.get(r);
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                final boolean numeric = i == 1 || i == 4;
                line.append(numeric ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false));
                line.append(i < row.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (final int w : widths) {
                    total += w + 2;
                }
                out.append("-".repeat(total - 2)).append('\n');
            }
        }
        return out.toString();
    }

    /** The figures as plain maps (numbers as numbers, absent values as null), ready for a JSON writer. */
    public List<Map<String, Object>> asData() {
        final List<Map<String, Object>> data = new ArrayList<>();
        for (final Figure f : figures) {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("figure", f.name());
            row.put("unit", f.unit());
            row.put("value", number(f.value()));
            row.put("baseline", number(f.baseline()));
            row.put("baseline_name", f.baselineName().isEmpty() ? null : f.baselineName());
            row.put("ratio", number(f.ratio()));
            row.put("target", f.target().describe(f.unit()).isEmpty() ? null : f.target().describe(f.unit()));
            row.put("met", f.met().orElse(null));
            data.add(row);
        }
        return data;
    }

    private static Double number(final OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static String text(final OptionalDouble value) {
        return value.isPresent() ? Numbers.format(value.getAsDouble()) : "n/a";
    }

    private static String pad(final String text, final int width, final boolean right) {
        final String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }
}
