package io.hallmark.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map bounded to a number of entries that drops the least recently used one when full. Every method holds the
 * cache's lock; callers may hold it too, to make a check and a {@link #put} one step.
 */
public final class LruCache<K, V> {
    private final int maxSize;
    private final LinkedHashMap<K, V> entries;

    /** A cache of at most {@code maxSize} entries; 0 keeps nothing. */
    public LruCache(int maxSize) {
        this.maxSize = maxSize;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.maxSize;
            }
        };
    }

    public synchronized V get(K key) {
        return entries.get(key);
    }

    public synchronized void put(K key, V value) {
        if (maxSize > 0) {
            entries.put(key, value);
        }
    }

    public synchronized void remove(K key) {
        entries.remove(key);
    }

    public synchronized int size() {
        return entries.size();
    }
}
