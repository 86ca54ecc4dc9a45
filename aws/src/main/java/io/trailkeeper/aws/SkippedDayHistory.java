package io.trailkeeper.aws;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.ForwardingCollectSink;
import io.trailkeeper.events.SourceKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells, once {@code collect auto} has read a region's event history, whether each day its trail files skip
 * ({@link TrailFileGaps}) was a quiet day (the history has no event that day either) or a day whose files were
 * deleted or never delivered (the history has events of it). A sink in front of the store that counts, as the
 * event history's pages pass, the events of the watched days and the time the pages prove read; a day is told
 * only when this run read it whole, since a day read by an earlier run (or refused) has no count here.
 */
final class SkippedDayHistory extends ForwardingCollectSink {
    /** The next day's first trail files carry the last minutes of a day (CloudTrail delivers within about 15). */
    static final Duration CARRIED_OVER = Duration.ofMinutes(15);
    /** Days named in a note before "and N more". */
    private static final int DAYS_SHOWN = 5;

    private final Map<String, List<LocalDate>> watched;
    /** Per region and day: events of the day, and of those before its last minutes. */
    private final Map<String, Map<LocalDate, long[]>> counts = new HashMap<>();
    private final Map<String, List<TimeWindow>> read = new HashMap<>();

    /** @param watched per region, the days without a trail file to tell */
    SkippedDayHistory(CollectSink sink, Map<String, List<LocalDate>> watched) {
        super(sink);
        this.watched = Map.copyOf(watched);
    }

    @Override
    public void write(CollectedBatch batch) {
        if (batch.kind() == SourceKind.LOOKUP_EVENTS) {
            count(batch);
        }
        super.write(batch);
    }

    private synchronized void count(CollectedBatch batch) {
        if (batch.checkpoint() instanceof CollectedBatch.LookupWindow w && "management".equals(w.category())) {
            read.computeIfAbsent(w.region(), k -> new ArrayList<>()).add(new TimeWindow(w.from(), w.to()));
        }
        for (CloudTrailEvent e : batch.events()) {
            List<LocalDate> days = e.awsRegion() == null || e.eventTime() == null ? null : watched.get(e.awsRegion());
            LocalDate day = e.eventTime() == null ? null : LocalDate.ofInstant(e.eventTime(), ZoneOffset.UTC);
            if (days != null && days.contains(day)) {
                long[] n = counts.computeIfAbsent(e.awsRegion(), k -> new HashMap<>())
                        .computeIfAbsent(day, k -> new long[2]);
                n[0]++;
                n[1] += e.eventTime().isBefore(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .minus(CARRIED_OVER)) ? 1 : 0;
            }
        }
    }

    /** One note per watched region whose history was read, in the regions' order; none for the others. */
    synchronized List<String> notes() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(watched).forEach((region, days) -> {
            List<String> told = new ArrayList<>();
            for (LocalDate day : days) {
                told.add(day + ": " + tell(region, day));
            }
            if (!told.isEmpty()) {
                out.add("the event history of " + region + " on the days without a trail file: " + String.join("; ",
                        told.subList(0, Math.min(DAYS_SHOWN, told.size()))) + (told.size() > DAYS_SHOWN ? "; and "
                        + (told.size() - DAYS_SHOWN) + " more days (trailkeeper coverage --days)" : ""));
            }
        });
        return out;
    }

    private String tell(String region, LocalDate day) {
        if (!readWhole(region, day)) {
            return "not told, its event history was not read whole by this run (read before, or refused: see"
                    + " trailkeeper coverage --days)";
        }
        long[] n = counts.getOrDefault(region, Map.of()).getOrDefault(day, new long[2]);
        if (n[0] == 0) {
            return "the history has no event that day either: a quiet day";
        }
        String events = n[0] == 1 ? "1 event" : n[0] + " events";
        return n[1] == 0 ? "the history has " + events + " that day, all in its last " + CARRIED_OVER.toMinutes()
                + " minutes: carried by the next day's files, or deleted" : "the history has " + events
                + " that day: trail files deleted or never delivered";
    }

    /** Whether the windows this run read cover the whole day. */
    private boolean readWhole(String region, LocalDate day) {
        Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
        List<TimeWindow> windows = new ArrayList<>(read.getOrDefault(region, List.of()));
        windows.sort(Comparator.comparing(TimeWindow::from));
        for (TimeWindow w : windows) {
            if (!w.from().isAfter(at.plusSeconds(1)) && w.to().isAfter(at)) {
                at = w.to();
            }
        }
        return !at.isBefore(end);
    }
}
