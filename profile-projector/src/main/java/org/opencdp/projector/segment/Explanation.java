package org.opencdp.projector.segment;

import java.util.List;

/**
 * Why a profile is in a segment or not: each condition where the definition has it ({@code at}, dotted as in
 * problems: {@code conditions.1.conditions.0}; empty for the definition itself), what it asks ({@code condition},
 * e.g. {@code purchase gte 3 within P30D}), whether it held, and the values that decided it ({@code decidedBy},
 * e.g. {@code 3 events from 2024-04-01T00:00:00Z to 2024-05-01T00:00:00Z}); a group lists its conditions.
 */
public record Explanation(String at, String kind, String condition, boolean matched, String decidedBy,
                          List<Explanation> conditions) {

    public Explanation {
        conditions = List.copyOf(conditions);
    }
}
