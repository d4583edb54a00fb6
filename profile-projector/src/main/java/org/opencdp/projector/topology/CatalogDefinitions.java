package org.opencdp.projector.topology;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.projector.attribute.PropertyDefinition;

/**
 * The catalog's definitions as the fold reads them, decoded once per task instead of once per attribute. The fold
 * looks up every attribute of every command in {@link ProjectorTopology#CATALOG_STORE}; the store's record cache
 * spares RocksDB, but each read decoded the entry's Avro bytes again and built its {@link PropertyDefinition}: a
 * tenth of the fold's stream thread in figure 3's profile (docs/benchmark.md).
 * <p>
 * Kept per task, since each task has its own catalog store; the store's one writer, {@link ApplyCatalogProcessor},
 * in the same task, {@linkplain Task#forget forgets} a property as it writes it, and every processor of the task
 * {@linkplain Task#clear clears} it at init (a task restored, revived or moved may hold another catalog). At most
 * {@link #MAX_PER_TASK} properties a task: past that it starts again, so a workspace with a huge catalog costs a
 * decode per read as before, never unbounded memory.
 */
final class CatalogDefinitions {

    static final int MAX_PER_TASK = 10_000;

    private final Map<TaskId, Task> tasks = new ConcurrentHashMap<>();

    /** The definitions of {@code task}: the same object for every processor of the task. */
    Task of(final TaskId task) {
        return tasks.computeIfAbsent(task, ignored -> new Task());
    }

    /** Forgets every task's definitions: for a test that changed a catalog store behind the processors. */
    void clear() {
        tasks.values().forEach(Task::clear);
    }

    /** One task's definitions, by catalog store key; what the store does not define is kept as empty too. */
    static final class Task {

        // Concurrent: a task moves between stream threads on a rebalance (each clears it at init).
        private final Map<String, Optional<PropertyDefinition>> known = new ConcurrentHashMap<>();

        Optional<PropertyDefinition> get(final KeyValueStore<String, PropertyDefinitionEntry> catalog, final String key) {
            final Optional<PropertyDefinition> remembered = known.get(key);
            if (remembered != null) {
                return remembered;
            }
            final Optional<PropertyDefinition> read = Optional.ofNullable(catalog.get(key)).map(PropertyDefinition::of);
            if (known.size() >= MAX_PER_TASK) {
                known.clear();
            }
            known.put(key, read);
            return read;
        }

        /** Called by the catalog's writer for each key it puts or deletes. */
        void forget(final String key) {
            known.remove(key);
        }

        void clear() {
            known.clear();
        }
    }
}
