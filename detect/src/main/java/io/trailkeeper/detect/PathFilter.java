package io.trailkeeper.detect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The field paths some rules read, as a tree over the record's keys: which members of an object can lead to
 * one of them (so that the rest of the record is skipped when it is parsed). A path goes into a key equal to
 * it (the whole value is kept) or into a key equal to a prefix of it up to a dot (the rest of the path goes
 * on inside that value); arrays are followed element-wise with the same paths. Thread-safe.
 */
final class PathFilter {
    /** Keeps the whole value. */
    static final PathFilter ALL = new PathFilter(List.of());

    private static final PathFilter NONE = new PathFilter(List.of());
    private static final int CACHED_KEYS = 4096;

    private final List<String> paths;
    private final Map<String, PathFilter> children = new ConcurrentHashMap<>();

    private PathFilter(List<String> paths) {
        this.paths = paths;
    }

    static PathFilter of(Collection<String> paths) {
        return new PathFilter(List.copyOf(new java.util.TreeSet<>(paths)));
    }

    /** What the paths need of the member with this key: {@link #ALL}, the paths inside it, or null (none). */
    PathFilter child(String key) {
        PathFilter cached = children.get(key);
        if (cached == null) {
            cached = compute(key);
            if (children.size() < CACHED_KEYS) {
                children.put(key, cached);
            }
        }
        return cached == NONE ? null : cached;
    }

    private PathFilter compute(String key) {
        List<String> inside = new ArrayList<>();
        for (String p : paths) {
            if (p.equals(key)) {
                return ALL;
            }
            if (p.length() > key.length() && p.charAt(key.length()) == '.' && p.startsWith(key)) {
                inside.add(p.substring(key.length() + 1));
            }
        }
        return inside.isEmpty() ? NONE : new PathFilter(List.copyOf(inside));
    }
}
