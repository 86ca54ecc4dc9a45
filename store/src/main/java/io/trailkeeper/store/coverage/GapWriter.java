package io.trailkeeper.store.coverage;

import io.trailkeeper.events.Coverage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a {@link CoverageMap} and the collectors' entries into gaps, each said in words: regions with the
 * same missing days are one gap, consecutive days are one range.
 */
final class GapWriter {
    /** Ranges named in a sentence before "and N more". */
    private static final int RANGES_SHOWN = 6;
    /** Regions named in a sentence before "and N more". */
    private static final int REGIONS_SHOWN = 8;
    /** Regions named in a suggested command before it names none (all regions). */
    private static final int REGIONS_IN_COMMAND = 5;
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final StoreFacts facts;
    private final CoverageMap map;
    private final Set<String> asked;

    GapWriter(StoreFacts facts, CoverageMap map, Set<String> asked) {
        this.facts = facts;
        this.map = map;
        this.asked = asked;
    }

    /** Whether the store holds nothing at all: no event, no window, no collector entry. */
    static boolean empty(StoreFacts facts) {
        return facts.events == 0 && facts.readCompletely.isEmpty() && facts.latestEntries.isEmpty();
    }

    /**
     * The gaps of [since, until], in the order of {@link CoverageGap.Kind}.
     *
     * @param dataEvents whether to say when data events are missing
     */
    List<CoverageGap> gaps(Instant since, Instant until, boolean dataEvents) {
        List<CoverageGap> out = new ArrayList<>();
        if (empty(facts)) {
            out.add(new CoverageGap(CoverageGap.Kind.EMPTY_STORE, List.of(), List.of(), "", "the store is empty",
                    "The store holds no events and no collector has run, so it can answer nothing: load trail files"
                            + " with `trailkeeper ingest PATH`, or collect with `trailkeeper collect auto` (a trail's"
                            + " S3 files when it works, else every region's 90-day event history).",
                    "trailkeeper ingest PATH | trailkeeper collect auto"));
            return out;
        }
        grouped(map.lakeUnread).forEach((ranges, regions) -> out.add(lakeUnread(regions, ranges)));
        grouped(map.carriedOver).forEach((ranges, regions) -> out.add(carriedOver(regions, ranges)));
        if (!map.neverCollected.isEmpty()) {
            out.add(neverCollected(List.copyOf(map.neverCollected)));
        }
        out.addAll(collectorGaps(since, until));
        grouped(map.historyNotCollected).forEach((ranges, regions) -> out.add(historyNotCollected(regions, ranges)));
        grouped(map.beyondHistory).forEach((ranges, regions) -> out.add(beyondHistory(regions, ranges)));
        if (dataEvents) {
            dataEventGaps(out);
        }
        return out;
    }

    private CoverageGap lakeUnread(List<String> regions, List<DayRange> ranges) {
        List<String> named = regions.stream().map(r -> r.isEmpty() ? "records naming no region" : r).toList();
        String on = names(named) + " on " + DayRange.list(ranges, RANGES_SHOWN);
        String fix = "put the lake's files back where prune wrote them (an S3 lake: `trailkeeper prune` fetches its"
                + " copies again); the store reads them as soon as they are there";
        String brief = "the events of " + on + " that prune moved to the lake cannot be read here (lake file missing or damaged)";
        return new CoverageGap(CoverageGap.Kind.LAKE_UNREAD, regions, ranges, "", brief, "The events of " + on
                + " were moved to the lake by prune, and the lake's file of the day cannot be read here (missing,"
                + " damaged, or an S3 lake's local copy gone): no answer includes them; " + fix + ".", fix);
    }

    private CoverageGap carriedOver(List<String> regions, List<DayRange> ranges) {
        String on = names(regions) + " on " + DayRange.list(ranges, RANGES_SHOWN);
        String fix = "trailkeeper collect s3 --bucket BUCKET" + regionsOption(regions) + " --since "
                + ranges.get(0).first() + " --until " + ranges.get(ranges.size() - 1).last();
        String brief = "only the minutes before midnight of " + on + " are held (from trail files delivered the next"
                + " day)";
        return new CoverageGap(CoverageGap.Kind.PARTIAL_DAY, regions, ranges, "", brief, "The store holds " + on
                + " only from trail files CloudTrail delivered on another day (the next day's first files carry the"
                + " minutes before midnight): the files delivered on the day itself were not read, so most of it is"
                + " missing; `" + fix + "`, or `trailkeeper ingest` the day's folder of the trail's files.", fix);
    }

    private CoverageGap neverCollected(List<String> regions) {
        String names = names(regions);
        boolean one = regions.size() == 1;
        String brief = names + (one ? " was" : " were") + " never collected";
        String fix = "trailkeeper collect lookup" + regionsOption(regions);
        return new CoverageGap(CoverageGap.Kind.NEVER_COLLECTED, regions, List.of(), "", brief,
                capital(brief) + ": the store holds no event, no event-history window and no collector entry for "
                        + (one ? "it" : "them") + ", so nothing done there can be seen; `" + fix + "` reads the last"
                        + " 90 days, and a trail's files (`trailkeeper collect s3`) go further back.", fix);
    }

    private List<CoverageGap> collectorGaps(Instant since, Instant until) {
        Instant horizon = map.now.minus(CoverageMap.HISTORY);
        Map<String, List<CollectorEntry>> groups = new LinkedHashMap<>();
        List<CoverageGap> switchedOff = new ArrayList<>();
        for (CollectorEntry e : facts.latestEntries) {
            boolean regionAsked = asked.isEmpty() || e.region() == null || asked.contains(e.region());
            // an event-history window wholly older than 90 days is said better by the days beyond the history
            boolean beyond = "lookup".equals(e.collector()) && e.status() != Coverage.Status.NOT_ENABLED
                    && e.to() != null && e.to().isBefore(horizon);
            if (e.status() == Coverage.Status.COMPLETE || !regionAsked || beyond || !e.overlaps(since, until)) {
                continue;
            }
            CoverageGap off = e.status() == Coverage.Status.NOT_ENABLED ? facts.regionSwitches().gap(e) : null;
            if (off != null) {
                switchedOff.add(off);
                continue;
            }
            // off all the window: CloudTrail records EnableRegion and DisableRegion (account.amazonaws.com, a global
            // service) in us-east-1, and the store holds its every day with none of them; every account has opt-in
            // regions it never enabled, and said as gaps they were a warning on every answer
            if (e.status() == Coverage.Status.NOT_ENABLED && map.heldThroughout("us-east-1")) {
                continue;
            }
            String key = e.collector() + "\u0000" + e.command() + "\u0000" + e.runId() + "\u0000" + e.status() + "\u0000"
                    + e.reason() + "\u0000" + window(e) + "\u0000" + (e.region() == null ? e.scope() : "");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        // the same regions or scope told apart only by their windows (days refused one by one): one gap
        Map<String, List<List<CollectorEntry>>> sameScopes = new LinkedHashMap<>();
        for (List<CollectorEntry> g : groups.values()) {
            CollectorEntry e = g.get(0);
            String key = e.collector() + "\u0000" + e.command() + "\u0000" + e.runId() + "\u0000" + e.status()
                    + "\u0000" + g.stream().map(CollectorEntry::scope).sorted().toList();
            sameScopes.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
        }
        List<CoverageGap> out = new ArrayList<>(switchedOff);
        sameScopes.values().forEach(windows -> out.add(collectorGap(windows)));
        return out;
    }

    /** One gap for the entries of one collector's run over the same regions or scope, one group per window. */
    private CoverageGap collectorGap(List<List<CollectorEntry>> windows) {
        List<CollectorEntry> group = windows.get(0);
        CollectorEntry e = group.get(0);
        List<String> regions = group.stream().map(CollectorEntry::region).filter(r -> r != null).distinct().toList();
        TreeSet<LocalDate> days = new TreeSet<>();
        windows.forEach(w -> days.addAll(map.daysOf(w.get(0))));
        List<DayRange> ranges = DayRange.of(days);
        // days are named where the entries leave other days of the window read, not when they span it all
        boolean some = !ranges.isEmpty() && (windows.size() > 1 || !ranges.get(0).first().equals(map.firstDay)
                || !ranges.get(0).last().equals(map.lastDay));
        String what = group.size() == 1 ? e.what() : ("lookup".equals(e.collector()) ? "the event history of "
                : "the trail files of ") + names(regions);
        String run = e.command().isEmpty() ? "run " + e.runId() : e.command() + ", run " + e.runId();
        String brief = what + (group.size() == 1 ? " was " : " were ") + e.outcome() + (some ? " on "
                + DayRange.list(ranges, RANGES_SHOWN) : "") + " (" + run + ")";
        if (e.status() == Coverage.Status.NOT_ENABLED && !regions.isEmpty()) {
            brief = names(regions) + (regions.size() == 1 ? " is" : " are") + " not enabled for the account (" + run
                    + ")";
        }
        String window = some ? "" : window(e);
        String fix = switch (e.status()) {
            case DENIED -> "lookup".equals(e.collector())
                    ? "allow cloudtrail:LookupEvents to the credentials, then run `trailkeeper collect lookup` again"
                    : "allow s3:ListBucket and s3:GetObject on the bucket to the credentials, then run"
                    + " `trailkeeper collect s3 --bucket " + bucket(e.scope()) + "` again";
            // the collector's reason says it already (collect lookup's does)
            case NOT_ENABLED -> "enable the region for the account if it should be collected"
                    + (e.reason().contains("while it is off") ? "" : "; nothing is recorded there while it is off");
            default -> "run `trailkeeper " + ("lookup".equals(e.collector()) ? "collect lookup" : "collect s3 --bucket "
                    + bucket(e.scope())) + "` again: it reads only what is still missing";
        };
        String reason = e.reason().isEmpty() ? "" : ": " + e.reason() + (windows.size() == 1 ? ""
                : " (on " + window(e) + "; on the other days alike)");
        String sentence = capital(brief) + (window.isEmpty() ? "" : " for " + window) + reason + "; " + fix + ".";
        return new CoverageGap(CoverageGap.Kind.COLLECTOR, regions, some ? ranges : List.of(), e.status().label(),
                brief, sentence, fix);
    }

    private static String window(CollectorEntry e) {
        if (e.from() == null && e.to() == null) {
            return "";
        }
        String from = e.from() == null ? "the start" : CoverageMap.day(e.from()).toString();
        String to = e.to() == null ? "now" : CoverageMap.day(e.to()).toString();
        return from.equals(to) ? from : from + ".." + to;
    }

    private CoverageGap historyNotCollected(List<String> regions, List<DayRange> ranges) {
        LocalDate first = ranges.get(0).first();
        LocalDate today = CoverageMap.day(map.now);
        LocalDate until = first.plusDays(CoverageMap.HISTORY.toDays() - 1);
        if (until.isBefore(today)) {
            until = today;
        }
        String of = "the event history of " + names(regions) + " on " + DayRange.list(ranges, RANGES_SHOWN);
        String fix = "trailkeeper collect lookup" + regionsOption(regions) + " --since " + first;
        String brief = of + " was never collected (collect lookup can fetch it until " + until + ")";
        String sentence = capital(of) + " was never collected and no trail file holds it; `" + fix + "` can still"
                + " fetch it until " + until + ", when CloudTrail's 90-day event history starts to drop it.";
        return new CoverageGap(CoverageGap.Kind.HISTORY_NOT_COLLECTED, regions, ranges, "", brief, sentence, fix);
    }

    private CoverageGap beyondHistory(List<String> regions, List<DayRange> ranges) {
        String on = names(regions) + " on " + DayRange.list(ranges, RANGES_SHOWN);
        String fix = "trailkeeper collect s3 --bucket BUCKET" + regionsOption(regions) + " --since " + ranges.get(0).first()
                + " --until " + ranges.get(ranges.size() - 1).last();
        String brief = "no trail files for " + on + ", older than the 90-day event history";
        String sentence = "No trail files and no event history for " + on + ": these days are older than CloudTrail's"
                + " 90-day event history, so only a trail's files in S3 can still give them (`" + fix + "`, or"
                + " `trailkeeper ingest` a copy of them).";
        return new CoverageGap(CoverageGap.Kind.BEYOND_HISTORY, regions, ranges, "", brief, sentence, fix);
    }

    private void dataEventGaps(List<CoverageGap> out) {
        long data = 0;
        List<String> without = new ArrayList<>();
        for (Map.Entry<String, java.util.TreeMap<LocalDate, StoreFacts.DayCount>> e : map.counts.entrySet()) {
            long regionData = 0;
            long regionEvents = 0;
            for (StoreFacts.DayCount window : e.getValue().values()) {
                // a day the window holds in part counts whole: an hour without a data event does not say the
                // trail recorded none
                StoreFacts.DayCount c = map.wholeDay(e.getKey(), window.day());
                regionData += c.dataEvents();
                regionEvents += c.events();
            }
            data += regionData;
            if (regionEvents > 0 && regionData == 0 && !e.getKey().isEmpty()) {
                without.add(e.getKey());
            }
        }
        String fix = "a trail with data event selectors records them from the moment they are set: `trailkeeper"
                + " audit` shows the selectors, `trailkeeper fix --plan` writes them";
        String cannot = "whether S3 objects were read or written, DynamoDB items changed or Lambda functions invoked";
        if (data == 0) {
            String where = asked.isEmpty() ? "" : " for " + names(List.copyOf(new TreeSet<>(asked)));
            String brief = "the store holds no data events" + where + " in this window";
            out.add(new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, List.copyOf(new TreeSet<>(asked)), List.of(), "",
                    brief, capital(brief) + ": " + cannot + " cannot be told; " + fix + ".", fix));
        } else if (!without.isEmpty()) {
            String brief = "no data events from " + names(without) + " in this window";
            out.add(new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, without, List.of(), "", brief, "The store holds"
                    + " data events from other regions but none from " + names(without) + ": " + cannot + " there"
                    + " cannot be told; " + fix + ".", fix));
        }
    }

    /** Regions with the same missing ranges, together: ranges -> regions, in the order of the first region. */
    private static Map<List<DayRange>, List<String>> grouped(Map<String, TreeSet<LocalDate>> days) {
        Map<List<DayRange>, List<String>> out = new LinkedHashMap<>();
        days.forEach((region, set) -> out.computeIfAbsent(DayRange.of(set), k -> new ArrayList<>()).add(region));
        return out;
    }

    /** {@code eu-west-1}, {@code eu-west-1 and eu-west-2}, {@code 3 regions (a, b and c)}, capped. */
    static String names(List<String> regions) {
        if (regions.size() == 1) {
            return regions.get(0);
        }
        if (regions.size() == 2) {
            return regions.get(0) + " and " + regions.get(1);
        }
        StringBuilder b = new StringBuilder().append(regions.size()).append(" regions (");
        int shown = Math.min(REGIONS_SHOWN, regions.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                b.append(i == regions.size() - 1 ? " and " : ", ");
            }
            b.append(regions.get(i));
        }
        if (regions.size() > shown) {
            b.append(" and ").append(regions.size() - shown).append(" more");
        }
        return b.append(')').toString();
    }

    /**
     * {@code --regions a,b} for a suggested command, or nothing (all regions) when there are many, or when a
     * name is not an AWS region's: region names come from log records, and a user may paste the command.
     */
    private static String regionsOption(List<String> regions) {
        boolean plain = regions.stream().allMatch(r -> AWS_REGION.matcher(r).matches());
        return regions.size() > REGIONS_IN_COMMAND || !plain ? "" : " --regions " + String.join(",", regions);
    }

    /** The bucket of an {@code s3://bucket/prefix} scope when it is a valid bucket name, else a placeholder. */
    private static String bucket(String scope) {
        String rest = scope.startsWith("s3://") ? scope.substring(5) : "";
        String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        return BUCKET.matcher(name).matches() ? name : "BUCKET";
    }

    /** The text with its first letter capital when it starts with a plain word (never a region or an S3 URL). */
    static String capital(String s) {
        int space = s.indexOf(' ');
        String word = space < 0 ? s : s.substring(0, space);
        if (word.isEmpty() || !word.chars().allMatch(Character::isLetter)) {
            return s;
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
