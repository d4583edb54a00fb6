package org.opencdp.projector.topology;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.opencdp.projector.Commands;
import org.opencdp.projector.segment.SegmentDefinition;
import org.opencdp.projector.segment.SegmentParser;
import org.opencdp.projector.segment.SegmentSet;
import org.opencdp.projector.segment.SegmentSets;

/** The segments the topology tests define: parsed as the fold parses a saved one, and switched while a stream runs. */
final class TestSegments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSegments() {
    }

    /** The segment {@code id}, named after its id, of a definition's {@code match} and {@code conditions}. */
    static SegmentDefinition definition(final String id, final String json) {
        return definition(id, id, json);
    }

    /** The segment {@code id} named {@code name}, of a definition's {@code match} and {@code conditions}. */
    static SegmentDefinition definition(final String id, final String name, final String json) {
        try {
            @SuppressWarnings("unchecked")
            final Map<String, Object> tree = JSON.readValue(json, Map.class);
            tree.put("name", name);
            return ((SegmentParser.Parsed.Valid) SegmentParser.stored(ZoneOffset.UTC).parse(id, tree, Map.of())).definition();
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The segments of {@link Commands#WORKSPACE}, all at one version, redefined by the test while the stream runs. */
    static final class Defined implements SegmentSets {

        private final AtomicReference<List<SegmentDefinition>> definitions;
        private final AtomicReference<Long> version = new AtomicReference<>(1L);
        private final boolean countEveryEvent;
        private volatile boolean loaded = true;

        /** Counting every event's name, as the deployment's default does. */
        Defined(final SegmentDefinition... segments) {
            this(true, segments);
        }

        Defined(final boolean countEveryEvent, final SegmentDefinition... segments) {
            this.countEveryEvent = countEveryEvent;
            this.definitions = new AtomicReference<>(List.of(segments));
        }

        void define(final long atVersion, final SegmentDefinition... segments) {
            version.set(atVersion);
            definitions.set(List.of(segments));
        }

        /** As definitions still being read after a start: no segment, no version, and not {@link #loaded}. */
        void loading(final boolean loading) {
            loaded = !loading;
        }

        @Override
        public boolean loaded() {
            return loaded;
        }

        @Override
        public SegmentSet of(final String workspaceId) {
            return loaded ? SegmentSet.of(definitions.get()) : SegmentSet.EMPTY;
        }

        @Override
        public Map<String, Map<String, Long>> versions() {
            if (!loaded) {
                return Map.of();
            }
            final Map<String, Long> versions = new TreeMap<>();
            definitions.get().forEach(d -> versions.put(d.id(), version.get()));
            return versions.isEmpty() ? Map.of() : Map.of(Commands.WORKSPACE, versions);
        }

        @Override
        public boolean countEveryEvent() {
            return countEveryEvent;
        }
    }
}
