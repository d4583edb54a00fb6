package org.opencdp.platform.streams;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of a process by two settings, not by how many partitions and
 * stores it holds: all stores share one block cache of {@value #CACHE_BYTES} bytes, which also holds their index
 * and filter blocks, and their memtables are charged to that cache through one write-buffer manager of at most
 * {@value #WRITE_BUFFER_BYTES} bytes. Without it each store instance (a store on each partition) takes Kafka
 * Streams' defaults, a 50 MB cache and up to 3 memtables of 16 MB, so memory grows with the partition count.
 * <p>
 * Registered as {@code rocksdb.config.setter}; the two sizes are read from the Streams configuration (each service's
 * application.properties sets them under {@code kafka-streams.}). The cache and the manager belong to the process:
 * they are made by the first store that opens, with its configuration (every store of a Streams instance has the
 * same), and never closed, as Kafka Streams' memory-management guide prescribes for shared objects.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Bytes of the one block cache (memtables included) of the process. */
    public static final String CACHE_BYTES = "opencdp.rocksdb.cache.bytes";
    /** Bytes of memtables the process may hold, charged to the cache. */
    public static final String WRITE_BUFFER_BYTES = "opencdp.rocksdb.write.buffer.bytes";

    /** Index and filter blocks take at most this share of the cache, kept before data blocks. */
    private static final double INDEX_FILTER_SHARE = 0.1;
    /**
     * The unit in which a memtable takes memory, charged to the write-buffer budget as it is taken. RocksDB's
     * default is an eighth of the store's write buffer size (2 MiB under Kafka Streams' 16 MB), made for a store
     * that has its memory to itself. Here dozens of memtables share one budget (the fold writes about ten stores on
     * each of its partitions), so 2 MiB blocks fill the budget with memory they do not use yet: the budget is
     * reached early and memtables are flushed small. Measured on 60 stores sharing a 32 MiB budget with the fold's
     * pattern of writes (docs/benchmark.md, "Memory"): 64 KiB blocks made a fifth to two fifths fewer flushes and a
     * quarter fewer bytes compacted.
     */
    static final long ARENA_BLOCK_BYTES = 64 * 1024;

    private static Shared shared;

    /** The process's cache and write-buffer manager. */
    private record Shared(Cache cache, WriteBufferManager writeBuffers, long capacity) {
    }

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        final Shared memory = shared(bytes(configs, CACHE_BYTES), bytes(configs, WRITE_BUFFER_BYTES));
        final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
    }

    @Override
    public void close(final String storeName, final Options options) {
        // The cache and the manager are shared by every store of the process: closing one store must not close them.
    }

    /** The capacity of the process's block cache once a store has opened; 0 before. */
    public static synchronized long cacheCapacity() {
        return shared == null ? 0 : shared.capacity();
    }

    /** Bytes in the process's block cache (memtables charged to it included) once a store has opened; 0 before. */
    public static synchronized long cacheUsage() {
        return shared == null ? 0 : shared.cache().getUsage();
    }

    /** The process's cache and manager, made on the first call; the sizes are checked on every call. */
    private static synchronized Shared shared(final long cacheBytes, final long writeBufferBytes) {
        if (writeBufferBytes >= cacheBytes) {
            throw new IllegalArgumentException(WRITE_BUFFER_BYTES + " (" + writeBufferBytes + ") must be below "
                    + CACHE_BYTES + " (" + cacheBytes + "): memtables are charged to the cache");
        }
        if (shared == null) {
            final Cache cache = new LRUCache(cacheBytes, -1, false, INDEX_FILTER_SHARE);
            shared = new Shared(cache, new WriteBufferManager(writeBufferBytes, cache), cacheBytes);
        }
        return shared;
    }

    private static long bytes(final Map<String, Object> configs, final String key) {
        final Object value = configs.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is not set: " + BoundedRocksDbMemory.class.getSimpleName()
                    + " needs both " + CACHE_BYTES + " and " + WRITE_BUFFER_BYTES);
        }
        final long bytes = Long.parseLong(value.toString().trim());
        if (bytes < 1) {
            throw new IllegalArgumentException(key + " must be positive, got " + bytes);
        }
        return bytes;
    }
}
