package io.trailkeeper.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the emulator has served, for tests that assert a collector's behaviour (it paced itself, it
 * retried, it asked every region) and for benchmarks that report it. Every request is counted once under
 * its region and operation, whatever its answer; throttled calls, refusals and injected faults are
 * counted again under their own names. A request without a SigV4 credential scope is counted under the region
 * {@code (unsigned)}, one that names no operation under the operation {@code (none)}. Safe to read while
 * requests are running.
 */
public final class EmulatorCounters {
    private final Map<String, Map<String, LongAdder>> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> eventsServed = new ConcurrentHashMap<>();
    private final Map<Faults.Kind, LongAdder> faults = new EnumMap<>(Faults.Kind.class);

    EmulatorCounters() {
        for (Faults.Kind kind : Faults.Kind.values()) {
            faults.put(kind, new LongAdder());
        }
    }

    /** Requests for one operation (e.g. {@code LookupEvents}, {@code DescribeRegions}) in one region. */
    public long requests(String region, String operation) {
        Map<String, LongAdder> byOperation = requests.get(region);
        LongAdder n = byOperation == null ? null : byOperation.get(operation);
        return n == null ? 0 : n.sum();
    }

    /** Requests for one operation in all regions. */
    public long requests(String operation) {
        long sum = 0;
        for (Map<String, LongAdder> byOperation : requests.values()) {
            LongAdder n = byOperation.get(operation);
            sum += n == null ? 0 : n.sum();
        }
        return sum;
    }

    /** Every request received, including those answered with an error or dropped. */
    public long requests() {
        long sum = 0;
        for (Map<String, LongAdder> byOperation : requests.values()) {
            for (LongAdder n : byOperation.values()) {
                sum += n.sum();
            }
        }
        return sum;
    }

    /** A copy of all request counts: region, then operation, both sorted. */
    public Map<String, Map<String, Long>> requestsByRegion() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        requests.forEach((region, byOperation) -> {
            Map<String, Long> ops = new TreeMap<>();
            byOperation.forEach((op, n) -> ops.put(op, n.sum()));
            copy.put(region, ops);
        });
        return copy;
    }

    /** LookupEvents calls in the region answered ThrottlingException. */
    public long throttled(String region) {
        return sum(throttled, region);
    }

    public long throttled() {
        return sum(throttled);
    }

    /** Calls refused because the region is not enabled, or denied by the scenario. */
    public long refused(String region) {
        return sum(refused, region);
    }

    public long refused() {
        return sum(refused);
    }

    public long faults(Faults.Kind kind) {
        return faults.get(kind).sum();
    }

    public long faults() {
        long sum = 0;
        for (LongAdder n : faults.values()) {
            sum += n.sum();
        }
        return sum;
    }

    /** Events returned by LookupEvents in the region. */
    public long eventsServed(String region) {
        return sum(eventsServed, region);
    }

    public long eventsServed() {
        return sum(eventsServed);
    }

    /** Sets every count back to zero, e.g. between the phases of a benchmark. */
    public void reset() {
        requests.clear();
        throttled.clear();
        refused.clear();
        eventsServed.clear();
        faults.values().forEach(LongAdder::reset);
    }

    void countRequest(String region, String operation) {
        requests.computeIfAbsent(region, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    void countThrottled(String region) {
        throttled.computeIfAbsent(region, r -> new LongAdder()).increment();
    }

    void countRefused(String region) {
        refused.computeIfAbsent(region, r -> new LongAdder()).increment();
    }

    void countFault(Faults.Kind kind) {
        faults.get(kind).increment();
    }

    void countEventsServed(String region, int n) {
        eventsServed.computeIfAbsent(region, r -> new LongAdder()).add(n);
    }

    private static long sum(Map<String, LongAdder> counts, String key) {
        LongAdder n = counts.get(key);
        return n == null ? 0 : n.sum();
    }

    private static long sum(Map<String, LongAdder> counts) {
        long sum = 0;
        for (LongAdder n : counts.values()) {
            sum += n.sum();
        }
        return sum;
    }

    @Override
    public String toString() {
        return "EmulatorCounters[requests=" + requests() + ", throttled=" + throttled() + ", refused=" + refused()
                + ", faults=" + faults() + ", eventsServed=" + eventsServed() + "]";
    }
}
