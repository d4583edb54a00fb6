package org.opencdp.devstack;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The metric names a PromQL expression reads: every identifier outside label matchers ({@code {...}}), ranges
 * ({@code [...]}) and strings that is not a function or aggregation (an identifier followed by {@code (}, or by
 * {@code by} or {@code without}), a
 * keyword or operator word, or a label list ({@code by (...)}, {@code on (...)}, ...). Enough for the expressions of
 * ops/ (no subqueries' offsets with units outside brackets, no {@code @} modifiers).
 */
final class PromQl {

    /** Words that are operators or modifiers, never metrics. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    /** Words whose parenthesised list is of labels. */
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    static Set<String> metricNames(final String expression) {
        final Set<String> names = new LinkedHashSet<>();
        int i = 0;
        final int n = expression.length();
        while (i < n) {
            final char c = expression.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expression, i);
            } else if (c == '{') {
                i = skipTo(expression, i, '}');
            } else if (c == '[') {
                i = skipTo(expression, i, ']');
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expression.charAt(i + 1))) {
                i = skipNumber(expression, i);
            } else if (c == '$') {
                i = skipIdentifier(expression, i + 1);
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                final int end = skipIdentifier(expression, i);
                final String word = expression.substring(i, end);
                final int next = skipSpaces(expression, end);
                // A call, or an aggregation whose grouping comes first: sum by (job) (...)
                final String following = expression.substring(next, skipIdentifier(expression, next)).toLowerCase();
                final boolean called = next < n && expression.charAt(next) == '('
                        || following.equals("by") || following.equals("without");
                if (LABEL_LISTS.contains(word.toLowerCase()) && called) {
                    i = skipTo(expression, next, ')');
                    continue;
                }
                if (!called && !KEYWORDS.contains(word.toLowerCase())) {
                    names.add(word);
                }
                i = end;
            } else {
                i++;
            }
        }
        return names;
    }

    private static int skipIdentifier(final String s, final int from) {
        int i = from;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(final String s, final int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Past a number, with its exponent or duration unit ({@code 1e3}, {@code 0.05}, {@code 5m}). */
    private static int skipNumber(final String s, final int from) {
        int i = from;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        return i;
    }

    /** Past the string opening at {@code from} (backslash escapes in quoted strings). */
    private static int skipString(final String s, final int from) {
        final char quote = s.charAt(from);
        int i = from + 1;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }

    /** Past the {@code close} that ends the bracket opening at {@code from}, strings inside it skipped. */
    private static int skipTo(final String s, final int from, final char close) {
        final char open = s.charAt(from);
        int depth = 0;
        int i = from;
        while (i < s.length()) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
