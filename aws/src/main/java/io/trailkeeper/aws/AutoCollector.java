package io.trailkeeper.aws;

import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code collect auto}: finds the regions and the trails, plans ({@link AutoPlan}), collects the chosen trail's
 * bucket, falls back to every region's event history when the bucket cannot be read, then collects the event
 * history the plan asks for, all into one sink.
 */
public final class AutoCollector {
    private final AwsClients clients;
    private final CollectSink sink;
    private final Clock clock;
    private final Listener listener;

    /** Told what happens, in order: notes about the plan, then the collectors' own progress. */
    public interface Listener {
        default void note(String note) {
        }

        default S3TrailCollector.Listener s3() {
            return S3TrailCollector.Listener.NONE;
        }

        default LookupCollector.Listener lookup() {
            return new LookupCollector.Listener() { };
        }
    }

    /**
     * What to do besides the plan: the LookupEvents rate per region, where to keep evidence copies of the
     * trail's objects (or null), and whether to agree to pay for a Requester Pays bucket's requests.
     */
    public record Options(double lookupRate, Path keepRaw, boolean requesterPays) {
        public Options(double lookupRate, Path keepRaw) {
            this(lookupRate, keepRaw, false);
        }

        public static Options defaults() {
            return new Options(2.0, null);
        }
    }

    /** What was done; {@code s3} is null when no bucket was read, {@code lookup} when no event history was. */
    public record Result(String account, TrailFinder.Result found, AutoPlan.Plan plan, S3TrailCollector.Summary s3,
                         LookupCollector.Summary lookup) {
        public boolean complete() {
            return (s3 == null || s3.complete()) && (lookup == null || lookup.complete());
        }

        public List<Coverage> coverage() {
            List<Coverage> all = new ArrayList<>();
            if (s3 != null) {
                all.addAll(s3.coverage());
            }
            if (lookup != null) {
                lookup.regions().forEach(r -> all.addAll(r.coverage()));
            }
            return all;
        }
    }

    public AutoCollector(AwsClients clients, CollectSink sink, Clock clock, Listener listener) {
        this.clients = clients;
        this.sink = sink;
        this.clock = clock;
        this.listener = listener;
    }

    public Result collect(Options options) {
        CallerIdentity who = CallerIdentity.of(clients);
        Regions.Discovery discovery = Regions.discover(clients);
        if (!discovery.note().isEmpty()) {
            listener.note(discovery.note());
        }
        List<RegionInfo> regions = Regions.select(discovery, List.of("all"));
        TrailFinder.Result found = new TrailFinder(clients).find(regions);
        Instant historyStart = clock.instant().minus(LookupCollector.HISTORY);
        List<TrailInfo> candidates = new ArrayList<>(found.trails());
        AutoPlan.Plan plan = AutoPlan.plan(candidates, regions, found.regionErrors(), historyStart);
        if (plan.trail() == null && found.trails().isEmpty()) {
            plan = withDeletedTrails(plan, regions);
        }
        plan.notes().forEach(listener::note);
        S3TrailCollector.Summary s3 = null;
        while (plan.trail() != null && s3 == null) {
            try {
                s3 = bucket(plan.trail(), options);
            } catch (TrailKeeperException e) {
                // the next best trail's bucket before the event history: a member account's own trail beside an
                // organization trail whose bucket it may not read
                candidates.remove(plan.trail());
                plan = next(plan, candidates, regions, found, historyStart, "the trail's bucket s3://"
                        + plan.trail().bucket() + " cannot be read (" + e.getMessage() + ")");
            }
        }
        SkippedDayHistory skipped = null;
        if (s3 != null) {
            plan = withGaps(plan, regions, who.account(), s3, historyStart);
            skipped = new SkippedDayHistory(sink, skippedDays(plan, who.account(), s3, historyStart));
        }
        for (TrailInfo other : plan.alsoCollected()) {
            S3TrailCollector.Summary more = other(other, who.account(), options);
            s3 = s3 == null ? more : more == null ? s3 : s3.plus(more);
        }
        LookupCollector.Summary lookup = null;
        // the regions not enabled now are asked too: the collector records each as not enabled without a call, and
        // coverage tells from that entry and the stored EnableRegion/DisableRegion calls whether one was on in the
        // window (an intruder may enable a region, work there and disable it again)
        List<RegionInfo> asked = new ArrayList<>(plan.lookupRegions());
        regions.stream().filter(r -> !r.enabled() && !asked.contains(r)).forEach(asked::add);
        if (!asked.isEmpty()) {
            lookup = new LookupCollector(clients, skipped == null ? sink : skipped, LookupCollector.Options.defaults()
                    .withRate(options.lookupRate()), listener.lookup(), clock).collect(new LookupCollector.Request(
                    who.account(), asked, null, null, false, plan.lookupSince(), plan.lookupUntil()));
            List<String> told = skipped == null ? List.of() : skipped.notes();
            if (!told.isEmpty()) {
                // what the history says of the days the files skip: a quiet day, or files deleted
                told.forEach(listener::note);
                List<String> notes = new ArrayList<>(plan.notes());
                notes.addAll(told);
                plan = plan.withNotes(notes);
            }
        }
        sink.flush();
        if (!discovery.note().isEmpty()) {
            // told first; kept with the plan's notes too, so that a reader of those (--format json) knows the
            // regions were assumed, not listed
            List<String> notes = new ArrayList<>(List.of(discovery.note()));
            notes.addAll(plan.notes());
            plan = plan.withNotes(notes);
        }
        return new Result(who.account(), found, plan, s3, lookup);
    }

    /**
     * With no trail left, the trails the event history shows deleted (successful DeleteTrail calls): an intruder's
     * deletion leaves the trail's bucket with the files it delivered, older than the 90 days the history keeps, and
     * "no trail in any region" alone sent the responder to the history only. A region whose history cannot be read
     * here is read by the collection that follows, and told there.
     */
    private AutoPlan.Plan withDeletedTrails(AutoPlan.Plan plan, List<RegionInfo> regions) {
        List<String> told = new ArrayList<>();
        for (RegionInfo region : regions) {
            if (!region.enabled()) {
                continue;
            }
            try {
                DeletedTrailLookup.read(clients.cloudTrail(region.name()), region.name()).stream()
                        .filter(d -> d.errorCode() == null)
                        .forEach(d -> told.add((d.trail() == null ? "a trail" : d.trail()) + " at " + d.time() + " in "
                                + d.region() + (d.principal() == null ? "" : " by " + d.principal())));
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                // not told: the event history of the region is collected next, and its refusal said there
            }
        }
        if (told.isEmpty()) {
            return plan;
        }
        List<String> notes = new ArrayList<>(plan.notes());
        notes.add(Math.min(1, notes.size()), "the event history shows " + (told.size() == 1 ? "a trail" : told.size() + " trails")
                + " deleted: " + String.join("; ", told) + "; a deleted trail's bucket keeps the files it delivered,"
                + " older than the event history's 90 days: `trailkeeper collect s3 --bucket BUCKET` reads them"
                + " (DeleteTrail does not name the bucket: its name is in the trail's CreateTrail or UpdateTrail, or"
                + " among the account's buckets)");
        return plan.withNotes(notes);
    }

    /** The plan without the trail whose bucket could not be read: the next trail's, or the event history. */
    private AutoPlan.Plan next(AutoPlan.Plan failed, List<TrailInfo> candidates, List<RegionInfo> regions,
                               TrailFinder.Result found, Instant historyStart, String why) {
        AutoPlan.Plan replanned = AutoPlan.plan(candidates, regions, found.regionErrors(), historyStart);
        if (replanned.trail() == null) {
            AutoPlan.Plan back = AutoPlan.fallBack(regions, failed.notes(), why);
            listener.note(back.notes().get(back.notes().size() - 1));
            return back; // no trail with a bucket is left, so no other trail's files either
        }
        // the new plan says again what the failed one said of the account; of the failed trail, why it failed
        List<String> notes = new ArrayList<>();
        notes.add("found trail " + failed.trail().name() + " (s3://" + failed.trail().bucket() + "), but " + why
                + "; collecting trail " + replanned.trail().name() + " instead");
        listener.note(notes.get(notes.size() - 1));
        replanned.notes().forEach(listener::note);
        notes.addAll(replanned.notes());
        return replanned.withNotes(notes);
    }

    private S3TrailCollector.Summary bucket(TrailInfo trail, Options options) {
        return new S3TrailCollector(clients.s3(clients.homeRegion()), sink, clock).collect(
                S3TrailCollector.Request.of(trail.bucket()).withPrefix(trail.keyPrefix())
                        .withKeepRaw(options.keepRaw()).withRequesterPays(options.requesterPays())
                        .withKmsKey(trail.kmsKeyId()), listener.s3());
    }

    /**
     * Another trail's files, for what only they hold; a bucket that cannot be read is coverage of its own (the
     * event history has no data events to stand in for them), not the end of the run.
     */
    private S3TrailCollector.Summary other(TrailInfo trail, String account, Options options) {
        try {
            return bucket(trail, options);
        } catch (TrailKeeperException e) {
            String why = "the bucket of trail " + trail.name() + " s3://" + trail.bucket() + " cannot be read ("
                    + e.getMessage() + "): what only its files hold is not collected";
            listener.note(why);
            Coverage gap = new Coverage("s3", account, null, "s3://" + trail.bucket() + "/" + (trail.keyPrefix()
                    .isEmpty() ? "" : trail.keyPrefix() + "/"), null, clock.instant(),
                    e.code() == ErrorCode.AWS_CREDENTIALS ? Coverage.Status.DENIED : Coverage.Status.FAILED, why);
            sink.coverage(gap);
            return new S3TrailCollector.Summary(List.of(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(gap));
        }
    }

    /**
     * Per region whose event history is read, the days of that history's window on which its trail files skip
     * (none before them, none after): the history read tells whether they were quiet.
     */
    private static Map<String, List<LocalDate>> skippedDays(AutoPlan.Plan plan, String account,
                                                            S3TrailCollector.Summary s3, Instant historyStart) {
        LocalDate first = LocalDate.ofInstant(historyStart, ZoneOffset.UTC).plusDays(1);
        Map<String, List<LocalDate>> out = new TreeMap<>();
        for (RegionInfo r : plan.lookupRegions()) {
            List<LocalDate> days = s3.skippedDays().getOrDefault(account + "/" + r.name(), List.of())
                    .stream().filter(d -> !d.isBefore(first)).toList();
            Instant since = plan.lookupSince().get(r.name());
            Instant until = plan.lookupUntil().get(r.name());
            List<LocalDate> read = days.stream().filter(d -> (since == null
                    || !d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(since)) && (until == null
                    || !d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(until))).toList();
            if (!read.isEmpty()) {
                out.put(r.name(), read);
            }
        }
        return out;
    }

    /** The plan with the event history of the regions the trail's files turned out not to hold; told as notes. */
    private AutoPlan.Plan withGaps(AutoPlan.Plan plan, List<RegionInfo> regions, String account,
                                   S3TrailCollector.Summary s3, Instant historyStart) {
        List<String> covered = regions.stream().filter(RegionInfo::enabled).map(RegionInfo::name)
                .filter(plan.trail()::covers).toList();
        AutoPlan.Plan after = AutoPlan.withGaps(plan, regions, TrailFileGaps.find(account, covered, s3, plan.trail(),
                historyStart));
        after.notes().subList(plan.notes().size(), after.notes().size()).forEach(listener::note);
        return after;
    }
}
