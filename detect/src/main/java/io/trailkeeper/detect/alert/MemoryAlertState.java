package io.trailkeeper.detect.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link AlertState} for one process: forgotten when it ends. */
public final class MemoryAlertState implements AlertState {
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Set<String>> pending = new LinkedHashMap<>();
    private final Map<String, String> lastErrors = new LinkedHashMap<>();

    @Override
    public synchronized List<Alert> raise(List<Alert> raised, Collection<String> sinks) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : raised) {
            if (repeatsACorrelation(a)) {
                continue;
            }
            if (alerts.putIfAbsent(a.key(), a) == null) {
                out.add(a);
                for (String sink : sinks) {
                    pending.computeIfAbsent(sink, s -> new LinkedHashSet<>()).add(a.key());
                }
            }
        }
        return out;
    }

    /** A correlation's alert sharing a record with an alert of its rule raised before (see {@link AlertState}). */
    private boolean repeatsACorrelation(Alert a) {
        return a.recordHashes().size() > 1 && alerts.values().stream().anyMatch(b -> b.ruleId().equals(a.ruleId())
                && b.recordHashes().size() > 1 && !b.key().equals(a.key())
                && b.recordHashes().stream().anyMatch(a.recordHashes()::contains));
    }

    @Override
    public synchronized List<Alert> pending(String sink, int limit) {
        return pending.getOrDefault(sink, Set.of()).stream().limit(limit).map(alerts::get).toList();
    }

    @Override
    public synchronized void delivered(Alert alert, String sink) {
        Set<String> keys = pending.get(sink);
        if (keys != null) {
            keys.remove(alert.key());
        }
    }

    @Override
    public synchronized void failed(Alert alert, String sink, String error) {
        lastErrors.put(sink + " " + alert.key(), error);
        if (alerts.containsKey(alert.key())) {
            pending.computeIfAbsent(sink, s -> new LinkedHashSet<>()).add(alert.key());
        }
    }

    /** The last error of delivering an alert to a sink, or null. */
    public synchronized String lastError(Alert alert, String sink) {
        return lastErrors.get(sink + " " + alert.key());
    }
}
