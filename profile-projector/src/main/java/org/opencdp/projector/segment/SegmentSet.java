package org.opencdp.projector.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.opencdp.avro.Profile;

/**
 * A workspace's segments in dependency order: a segment that names another ({@code {"segment":…}}) comes after
 * it, so one pass over {@link #ordered()} decides every membership of a customer with the memberships it needs
 * already decided. Validation refuses cycles; should definitions written concurrently still form one, the
 * segments on it (and those depending on them) are {@link #unordered()} and have no members until it is broken.
 */
public final class SegmentSet {

    /** No segments: nothing to evaluate, nothing to count. */
    public static final SegmentSet EMPTY = new SegmentSet(List.of(), List.of());

    private final List<SegmentDefinition> ordered;
    private final List<String> unordered;
    private final Set<String> events;
    private final Duration longestWindow;

    private SegmentSet(final List<SegmentDefinition> ordered, final List<String> unordered) {
        this.ordered = List.copyOf(ordered);
        this.unordered = List.copyOf(unordered);
        final Set<String> names = new LinkedHashSet<>();
        Duration longest = Duration.ZERO;
        for (final SegmentDefinition definition : ordered) {
            names.addAll(definition.events());
            longest = definition.longestWindow().compareTo(longest) > 0 ? definition.longestWindow() : longest;
        }
        this.events = Set.copyOf(names);
        this.longestWindow = longest;
    }

    /** Orders {@code definitions} (Kahn's algorithm; ties by id, so every instance orders them alike). */
    public static SegmentSet of(final Collection<SegmentDefinition> definitions) {
        final Map<String, SegmentDefinition> byId = new TreeMap<>();
        definitions.forEach(d -> byId.put(d.id(), d));
        final Map<String, Integer> waitingOn = new HashMap<>();
        final Map<String, List<String>> dependents = new HashMap<>();
        for (final SegmentDefinition d : byId.values()) {
            int known = 0;
            for (final String needed : d.segments()) {
                if (byId.containsKey(needed)) {
                    known++;
                    dependents.computeIfAbsent(needed, k -> new ArrayList<>()).add(d.id());
                }
            }
            waitingOn.put(d.id(), known);
        }
        final Deque<String> ready = new ArrayDeque<>();
        byId.keySet().stream().filter(id -> waitingOn.get(id) == 0).forEach(ready::add);
        final List<SegmentDefinition> ordered = new ArrayList<>(byId.size());
        final Set<String> done = new HashSet<>();
        while (!ready.isEmpty()) {
            final String id = ready.poll();
            ordered.add(byId.get(id));
            done.add(id);
            for (final String dependent : dependents.getOrDefault(id, List.of()).stream().sorted().toList()) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        final List<String> unordered = byId.keySet().stream().filter(id -> !done.contains(id)).toList();
        return new SegmentSet(ordered, unordered);
    }

    /** Whether there is nothing to evaluate: the fold then reads and writes nothing for segments. */
    public boolean isEmpty() {
        return ordered.isEmpty() && unordered.isEmpty();
    }

    /** Whether time alone can change a membership (a relative date or an event count): then the clock is watched. */
    public boolean timed() {
        return ordered.stream().anyMatch(definition -> !definition.timed().isEmpty());
    }

    /** The segments, each after those it names. */
    public List<SegmentDefinition> ordered() {
        return ordered;
    }

    /** Segments on a cycle or depending on one: never evaluated, so they have no members. */
    public List<String> unordered() {
        return unordered;
    }

    /** The event names some segment counts: the only ones a customer's {@link EventCounts} need. */
    public Set<String> events() {
        return events;
    }

    /** The longest window any segment counts in: what {@link EventCounts#prune} keeps. */
    public Duration longestWindow() {
        return longestWindow;
    }

    /** Every segment's answer for one customer at {@code now}, in {@link #ordered()} order. */
    public Map<String, Boolean> evaluate(final Profile profile, final EventCounts counts, final Instant now) {
        final Map<String, Boolean> answers = new LinkedHashMap<>();
        final Set<String> members = new HashSet<>();
        for (final SegmentDefinition definition : ordered) {
            final boolean member = SegmentEvaluator.matches(definition, profile, counts, now, members);
            answers.put(definition.id(), member);
            if (member) {
                members.add(definition.id());
            }
        }
        return answers;
    }

    /**
     * The earliest instant after {@code now} at which any of the customer's memberships can change with nothing
     * written: the instant the punctuator's index keeps for the customer. A segment that names another changes
     * only when one of its own conditions or the other segment changes, so the earliest over all segments covers
     * every chain.
     */
    public Optional<Instant> nextChange(final Profile profile, final EventCounts counts, final Instant now) {
        Instant next = null;
        for (final SegmentDefinition definition : ordered) {
            final Optional<Instant> change = SegmentEvaluator.nextChange(definition, profile, counts, now);
            if (change.isPresent() && (next == null || change.get().isBefore(next))) {
                next = change.get();
            }
        }
        return Optional.ofNullable(next);
    }
}
