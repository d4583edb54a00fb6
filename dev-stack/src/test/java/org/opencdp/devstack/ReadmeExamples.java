package org.opencdp.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests of the README's "Try it" block, read from the README itself, so a test can send them in order and
 * check their documented answers: each {@code curl} with its method, URL, headers and body, the bash arrays of
 * headers they expand ({@code H=(…)}), the variables set from a response's {@code X-Consistency-Token}
 * ({@code T=$(curl -s -D - -o /dev/null … | awk …x-consistency-token…)}), and the answers documented on the
 * comment line after a request ({@code # → 200 {"name":"tier"}}: the status, and JSON the answer contains).
 * A request naming a placeholder ({@code <id>}) or a command substitution other than the token's is listed as
 * skipped, with why.
 */
final class ReadmeExamples {

    /** One request of the block. {@code captures} names the variable its consistency token is stored in, if any. */
    record Request(int line, String method, String url, List<String[]> headers, String body, Optional<String> captures,
                   Optional<Expected> expected, Optional<String> skipped) {

        Request withExpected(final Expected answer) {
            return new Request(line, method, url, headers, body, captures, Optional.of(answer), skipped);
        }

        @Override
        public String toString() {
            return "README line " + line + ": " + method + " " + url;
        }
    }

    /** A documented answer: the status and, when given, JSON the body contains. */
    record Expected(int status, Optional<String> json) {
    }

    private static final Pattern EXPECTED = Pattern.compile("#\\s*→\\s*(\\d{3})\\s*(.*)");
    private static final Pattern ASSIGN = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    private ReadmeExamples() {
    }

    /** The requests of the README's "Try it" block at {@code readme}, in order. */
    static List<Request> of(final Path readme) throws IOException {
        return parse(tryIt(Files.readString(readme, StandardCharsets.UTF_8)));
    }

    /** The bash block under the "## Try it" heading, with the README line its first line is on. */
    static Block tryIt(final String readme) {
        final int heading = readme.indexOf("\n## Try it");
        if (heading < 0) {
            throw new IllegalStateException("The README has no \"## Try it\" section");
        }
        final int open = readme.indexOf("```bash\n", heading);
        final int close = readme.indexOf("\n```", open + 8);
        final int firstLine = (int) readme.substring(0, open + 8).chars().filter(c -> c == '\n').count() + 1;
        return new Block(readme.substring(open + 8, close + 1), firstLine);
    }

    record Block(String text, int firstLine) {
    }

    /** The requests of a bash block, in order. */
    static List<Request> parse(final Block block) {
        final Map<String, List<String>> arrays = new HashMap<>();
        final List<Request> requests = new ArrayList<>();
        for (final Statement statement : statements(block)) {
            final String text = statement.text().strip();
            final Matcher expected = EXPECTED.matcher(text);
            if (expected.matches()) {
                if (requests.isEmpty()) {
                    throw new IllegalStateException("README line " + statement.line() + ": an answer before any request");
                }
                final String json = expected.group(2).strip();
                requests.set(requests.size() - 1, requests.getLast().withExpected(new Expected(
                        Integer.parseInt(expected.group(1)), json.isEmpty() ? Optional.empty() : Optional.of(json))));
                continue;
            }
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            final Matcher assignment = ASSIGN.matcher(text);
            if (assignment.matches() && assignment.group(2).startsWith("(")) {
                final String inner = assignment.group(2).substring(1, assignment.group(2).lastIndexOf(')'));
                arrays.put(assignment.group(1), words(inner, arrays));
            } else if (assignment.matches() && assignment.group(2).startsWith("$(")) {
                final String inner = assignment.group(2).substring(2, assignment.group(2).lastIndexOf(')'));
                final String command = inner.split("\\|", 2)[0];
                if (!inner.toLowerCase(Locale.ROOT).contains("x-consistency-token")) {
                    requests.add(skipped(statement.line(), text, "a command substitution other than the token's"));
                } else {
                    requests.add(request(statement.line(), words(command, arrays), Optional.of(assignment.group(1))));
                }
            } else if (text.startsWith("curl ")) {
                if (text.contains("$(")) {
                    requests.add(skipped(statement.line(), text, "a command substitution in the request"));
                } else {
                    requests.add(request(statement.line(), words(text, arrays), Optional.empty()));
                }
            } else {
                throw new IllegalStateException("README line " + statement.line() + ": not a request: " + text);
            }
        }
        return requests;
    }

    private static Request skipped(final int line, final String text, final String why) {
        return new Request(line, "", text, List.of(), null, Optional.empty(), Optional.empty(), Optional.of(why));
    }

    private static Request request(final int line, final List<String> words, final Optional<String> captures) {
        String method = null;
        String url = null;
        String body = null;
        final List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            final String word = words.get(i);
            switch (word) {
                case "-s", "-i" -> {
                }
                case "-D", "-o" -> i++;
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    final String header = words.get(++i);
                    final int colon = header.indexOf(':');
                    headers.add(new String[] {header.substring(0, colon).strip(), header.substring(colon + 1).strip()});
                }
                case "-d" -> body = words.get(++i);
                default -> {
                    if (!word.startsWith("http")) {
                        throw new IllegalStateException("README line " + line + ": curl option " + word + " is not understood");
                    }
                    url = word;
                }
            }
        }
        if (url == null) {
            throw new IllegalStateException("README line " + line + ": a curl without a URL");
        }
        final Optional<String> skipped = url.contains("<") ? Optional.of("a placeholder in the URL") : Optional.empty();
        return new Request(line, method != null ? method : body != null ? "POST" : "GET", url, headers, body,
                captures, Optional.empty(), skipped);
    }

    /** A statement of the block: a command (its continuation lines and multi-line quotes joined) or a comment line. */
    record Statement(int line, String text) {
    }

    static List<Statement> statements(final Block block) {
        final List<Statement> statements = new ArrayList<>();
        final String text = block.text();
        final StringBuilder current = new StringBuilder();
        int line = block.firstLine();
        int startLine = line;
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (quote == 0 && current.toString().isBlank() && c == '#') {
                final int end = text.indexOf('\n', i);
                statements.add(new Statement(line, text.substring(i, end)));
                i = end - 1;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
            } else if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                current.append(' ');
                line++;
                i++;
            } else if (c == '(') {
                depth++;
                current.append(c);
            } else if (c == ')') {
                depth--;
                current.append(c);
            } else if (c == '\n' && depth == 0) {
                if (!current.toString().isBlank()) {
                    statements.add(new Statement(startLine, current.toString()));
                }
                current.setLength(0);
                startLine = line;
            } else {
                if (current.toString().isBlank()) {
                    startLine = line;
                }
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(new Statement(startLine, current.toString()));
        }
        return statements;
    }

    /**
     * The words of a command as bash splits them: single quotes literal, double quotes with {@code $VAR} left for
     * the sender to fill in ({@link #expand}) and {@code "${A[@]}"} expanded to the array's words.
     */
    static List<String> words(final String command, final Map<String, List<String>> arrays) {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            final char c = command.charAt(i);
            if (c == '\'') {
                final int end = command.indexOf('\'', i + 1);
                word.append(command, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                final int end = command.indexOf('"', i + 1);
                final String inner = command.substring(i + 1, end);
                final Matcher array = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[@]}").matcher(inner);
                if (array.matches()) {
                    final List<String> expanded = arrays.get(array.group(1));
                    if (expanded == null) {
                        throw new IllegalStateException("no array " + array.group(1));
                    }
                    words.addAll(expanded);
                } else {
                    word.append(inner);
                    inWord = true;
                }
                i = end;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** {@code text} with each {@code $VAR} or {@code ${VAR}} replaced by the variable's value. */
    static String expand(final String text, final Map<String, String> variables) {
        final Matcher reference = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(text);
        final StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            final String value = variables.get(reference.group(1));
            if (value == null) {
                throw new IllegalStateException("the README uses $" + reference.group(1) + " before setting it");
            }
            reference.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        reference.appendTail(expanded);
        return expanded.toString();
    }

    /** The headers of {@code request}, variables expanded, in order. */
    static Map<String, String> headers(final Request request, final Map<String, String> variables) {
        final Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(header -> headers.put(header[0], expand(header[1], variables)));
        return headers;
    }
}
