package io.trailkeeper.store.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventSearch;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * When each trail recorded data events, as far as the store's own CloudTrail management events tell: the calls
 * that set a trail's selectors ({@code PutEventSelectors}, with event selectors or advanced event selectors;
 * {@code CreateTrail}, whose new trail selects none; {@code DeleteTrail}) and start or stop its logging, with
 * their eventTime. Before a trail's first such call the store cannot tell what it selected: that time is
 * {@link Recording#UNKNOWN}, never taken as recorded. Calls that failed (errorCode) changed nothing.
 *
 * <p>Which regions' data events a trail records: its home region's, and every region's while it is multi-region.
 * CreateTrail and UpdateTrail set that (IsMultiRegionTrail; CreateTrail's default is false, UpdateTrail's absent
 * member changes nothing); UpdateTrail's other members (bucket, prefix, KMS key, log validation...) change where
 * and how files are delivered, not what is recorded, and UpdateTrail sets no selectors. Which accounts' data events
 * it records: its own account's, and every member account's of the organization while it is an organization trail
 * (IsOrganizationTrail, set by CreateTrail (default false) and UpdateTrail alike). A trail is its account,
 * home region and name (a name is unique in a region of an account): a call naming it by ARN
 * ({@code arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME}) is the same trail as the calls naming it in its home
 * region, where CloudTrail requires these calls to be made.
 */
final class SelectorHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLS = "SELECT CAST(record AS VARCHAR) FROM cloudtrail WHERE event_source ="
            + " 'cloudtrail.amazonaws.com' AND event_name IN ('PutEventSelectors', 'CreateTrail', 'UpdateTrail',"
            + " 'DeleteTrail', 'StartLogging', 'StopLogging') AND error_code IS NULL";

    /** Whether a trail recorded data events at a time. */
    enum Recording { YES, NO, UNKNOWN }

    /** What {@link Trail#at(Instant, String)} is asked of for the organization's member accounts (no region is so). */
    static final String MEMBER_ACCOUNTS = "(member accounts)";

    /**
     * One call that changed a trail's selectors or logging; {@code data} null when it left the selectors as they
     * were, {@code multiRegion} and {@code organization} null when it left those settings as they were.
     */
    record Change(Instant at, String call, Boolean data, Boolean logging, String selected, Boolean multiRegion,
                  Boolean organization, JsonNode selectors, String bucket) {
        Change(Instant at, String call, Boolean data, Boolean logging, String selected) {
            this(at, call, data, logging, selected, null, null, null, null);
        }

        /** {@code 2026-11-10T08:00:00Z PutEventSelectors (data events of AWS::S3::Object)}. */
        String words() {
            List<String> what = new ArrayList<>();
            if (data != null) {
                what.add(data ? "data events of " + selected : "no data events");
            }
            if (multiRegion != null) {
                what.add(multiRegion ? "multi-region" : "single-region");
            }
            if (organization != null) {
                what.add(organization ? "organization trail" : "not an organization trail");
            }
            return at + " " + call + (what.isEmpty() ? "" : " (" + String.join(", ", what) + ")");
        }
    }

    /** One trail's calls, oldest first, and from them what it recorded when; {@code account} is the trail's own. */
    record Trail(String account, String name, String home, List<Change> changes) {
        /** What the trail recorded at the instant; before its first call, unknown. */
        Recording at(Instant t) {
            Boolean data = null;
            Boolean logging = null;
            boolean seen = false;
            for (Change c : changes) {
                if (c.at().isAfter(t)) {
                    break;
                }
                seen = true;
                data = c.data() != null ? c.data() : data;
                logging = c.logging() != null ? c.logging() : logging;
            }
            if (!seen && changes.get(0).call().equals("CreateTrail")) {
                return Recording.NO; // not made yet
            }
            if (!seen || data == null && logging != Boolean.FALSE) {
                return Recording.UNKNOWN; // a start or stop alone says nothing of the selectors
            }
            // logging not known: a trail that selects data events is taken to log them, as trails do
            return Boolean.TRUE.equals(data) && logging != Boolean.FALSE ? Recording.YES : Recording.NO;
        }

        /**
         * What the trail recorded of {@code region}'s data events at the instant: its home region's as {@link #at};
         * another region's only while it was multi-region, unknown before a stored call says whether it was.
         */
        Recording at(Instant t, String region) {
            Recording home = at(t);
            if (home != Recording.YES || region == null || region.equals(this.home)) {
                return home;
            }
            boolean members = MEMBER_ACCOUNTS.equals(region);
            Boolean setting = null;
            for (Change c : changes) {
                if (c.at().isAfter(t)) {
                    break;
                }
                Boolean set = members ? c.organization() : c.multiRegion();
                setting = set != null ? set : setting;
            }
            return setting == null ? Recording.UNKNOWN : setting ? Recording.YES : Recording.NO;
        }

        /** Whether a stored call says if the trail was multi-region (CreateTrail, UpdateTrail with the member). */
        boolean regionsKnown() {
            return changes.stream().anyMatch(c -> c.multiRegion() != null);
        }

        /** Whether a stored call says if the trail was an organization trail (CreateTrail, UpdateTrail with it). */
        boolean organizationKnown() {
            return changes.stream().anyMatch(c -> c.organization() != null);
        }

        /**
         * Whether member accounts' data events are this trail's concern, as far as the stored calls show: a call
         * made it an organization trail, or an UpdateTrail set IsOrganizationTrail (to false: it may have been one
         * before). A trail CreateTrail made without it records its own account only.
         */
        boolean everOrganization() {
            return changes.stream().anyMatch(c -> Boolean.TRUE.equals(c.organization()))
                    || changes.stream().anyMatch(c -> "UpdateTrail".equals(c.call()) && c.organization() != null);
        }

        /**
         * What of S3 object reads and writes the selectors a stored PutEventSelectors set, in force at {@code t},
         * leave unlogged ({@link StoredSelectors#s3Unlogged}): "" when none, null before any such call. The trail's
         * own bucket (a CreateTrail's or UpdateTrail's S3BucketName, the latest by then, else the first) and the
         * {@code logBuckets} (those the store read trail files from) may be spared: logging them would loop.
         */
        String s3Unlogged(Instant t, java.util.Set<String> logBuckets) {
            String bucket = changes.stream().map(Change::bucket).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(null);
            for (Change c : changes) {
                if (c.at().isAfter(t)) {
                    break;
                }
                bucket = c.bucket() != null ? c.bucket() : bucket;
            }
            java.util.Set<String> spared = new java.util.TreeSet<>(logBuckets);
            if (bucket != null) {
                spared.add(bucket);
            }
            JsonNode selectors = selectorsAt(t);
            return selectors == null ? null : StoredSelectors.s3Unlogged(StoredSelectors.read(name, selectors), spared);
        }

        /**
         * What of DynamoDB item calls and Lambda invocations the selectors in force at {@code t} select for some
         * tables or functions only ({@link StoredSelectors#itemsUnlogged}): "" when none, null before any such call.
         */
        String itemsUnlogged(Instant t) {
            JsonNode selectors = selectorsAt(t);
            return selectors == null ? null : StoredSelectors.itemsUnlogged(StoredSelectors.read(name, selectors));
        }

        /** The selectors of the latest stored call that set them by {@code t}, or null. */
        private JsonNode selectorsAt(Instant t) {
            JsonNode selectors = null;
            for (Change c : changes) {
                if (c.at().isAfter(t)) {
                    break;
                }
                selectors = c.selectors() != null ? c.selectors() : selectors;
            }
            return selectors;
        }

        /** The first call that set the selectors (not a start or stop), or null. */
        Change firstSelectors() {
            return changes.stream().filter(c -> c.data() != null).findFirst().orElse(null);
        }
    }

    private final Map<String, Trail> trails;
    /** Reads the log buckets; null once read. */
    private java.util.function.Supplier<java.util.Set<String>> readBuckets;
    private java.util.Set<String> logBuckets;

    private SelectorHistory(Map<String, Trail> trails, java.util.function.Supplier<java.util.Set<String>> readBuckets) {
        this.trails = trails;
        this.readBuckets = readBuckets;
    }

    /**
     * The buckets the store read CloudTrail files from: a selector may leave their objects out. Read at the first call
     * (a DISTINCT over the store's listing of every log file: the caveats that judge no selectors never pay it), and
     * only when a stored PutEventSelectors's selectors are there to judge (empty otherwise).
     */
    java.util.Set<String> logBuckets() {
        if (readBuckets != null) {
            logBuckets = readBuckets.get();
            readBuckets = null;
        }
        return logBuckets;
    }

    /** The trails whose selectors or logging a stored call changed, by name ({@code account:name}). */
    Map<String, Trail> trails() {
        return trails;
    }

    /**
     * The trail a name or ARN names: by ARN its account, home region and name; by name alone the first trail of
     * that name (another region's trail may share it). Null when no stored call names it.
     */
    Trail find(String nameOrArn) {
        String[] a = nameOrArn.split(":", 6);
        if (a.length == 6 && a[5].startsWith("trail/")) {
            return trails.get(a[4] + ":" + a[3] + ":" + a[5].substring("trail/".length()));
        }
        return trails.values().stream().filter(t -> t.name().equals(nameOrArn)).findFirst().orElse(null);
    }

    /** A trail's name from its name or ARN. */
    static String shortName(String nameOrArn) {
        int i = nameOrArn.indexOf(":trail/");
        return i < 0 ? nameOrArn : nameOrArn.substring(i + ":trail/".length());
    }

    static SelectorHistory read(EventSearch search) {
        List<JsonNode> records = new ArrayList<>();
        search.statement(CALLS, List.of(), new TableSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(List<Object> values) {
                try {
                    if (values.get(0) != null) {
                        records.add(JSON.readTree(values.get(0).toString()));
                    }
                } catch (IOException e) {
                    // a record the store kept as it came but that is not JSON sets nothing
                }
            }
        });
        Map<String, List<Change>> byTrail = new LinkedHashMap<>();
        for (JsonNode r : records) {
            Change c = change(r);
            String trail = trailKey(r);
            if (c != null && trail != null) {
                byTrail.computeIfAbsent(trail, k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, Trail> out = new LinkedHashMap<>();
        new TreeSet<>(byTrail.keySet()).forEach(k -> {
            List<Change> changes = byTrail.get(k);
            changes.sort(java.util.Comparator.comparing(Change::at));
            String[] parts = k.split(":", 3);
            out.put(k, new Trail(parts[0], parts[2], parts[1], List.copyOf(changes)));
        });
        // the log buckets only spare their objects in stored selectors: with no stored PutEventSelectors, the caveats of
        // every query and investigation about data events need no scan of the store's trail file listing for them
        boolean selectorsStored = out.values().stream().anyMatch(t -> t.changes().stream()
                .anyMatch(c -> c.selectors() != null));
        return new SelectorHistory(out, selectorsStored ? () -> java.util.Set.copyOf(search.collectedTrailBuckets())
                : java.util.Set::of);
    }

    /**
     * The trail a call names, as {@code account:home region:name}: from its ARN when it gives one (trailName and
     * Name may be ARNs; responseElements.trailARN), else its name in the call's account and region.
     */
    private static String trailKey(JsonNode r) {
        JsonNode p = r.path("requestParameters");
        String name = p.path("trailName").asText(p.path("name").asText(""));
        String arn = name.contains(":trail/") ? name : r.path("responseElements").path("trailARN").asText("");
        String account = r.path("recipientAccountId").asText("");
        String region = r.path("awsRegion").asText("");
        String[] a = arn.split(":", 6);
        if (a.length == 6 && a[5].startsWith("trail/")) {
            region = a[3];
            account = a[4];
            name = name.isEmpty() || name.contains(":trail/") ? a[5].substring("trail/".length()) : name;
        }
        return name.isEmpty() ? null : account + ":" + region + ":" + name;
    }

    private static Change change(JsonNode r) {
        Instant at;
        try {
            at = Instant.parse(r.path("eventTime").asText(""));
        } catch (DateTimeParseException e) {
            return null;
        }
        String call = r.path("eventName").asText();
        return switch (call) {
            case "PutEventSelectors" -> {
                List<String> types = StoredSelectors.dataTypes(r.path("requestParameters"));
                yield new Change(at, call, !types.isEmpty(), null, String.join(", ", types), null, null,
                        r.path("requestParameters"), null);
            }
            case "CreateTrail" -> new Change(at, call, false, false, "",
                    flag(r.path("requestParameters"), "isMultiRegionTrail").orElse(false),
                    flag(r.path("requestParameters"), "isOrganizationTrail").orElse(false), null,
                    bucket(r.path("requestParameters")));
            case "UpdateTrail" -> {
                java.util.Optional<Boolean> multi = flag(r.path("requestParameters"), "isMultiRegionTrail");
                java.util.Optional<Boolean> organization = flag(r.path("requestParameters"), "isOrganizationTrail");
                String bucket = bucket(r.path("requestParameters"));
                yield multi.isEmpty() && organization.isEmpty() ? null // its bucket alone changes nothing recorded
                        : new Change(at, call, null, null, "", multi.orElse(null), organization.orElse(null), null,
                        bucket);
            }
            case "DeleteTrail" -> new Change(at, call, false, false, "");
            case "StartLogging" -> new Change(at, call, null, true, "");
            case "StopLogging" -> new Change(at, call, null, false, "");
            default -> null;
        };
    }

    /**
     * A boolean member (IsMultiRegionTrail, IsOrganizationTrail) as the request gives it (records write it
     * lowerCamel), or empty when absent.
     */
    private static java.util.Optional<Boolean> flag(JsonNode request, String name) {
        JsonNode v = StoredSelectors.field(request, name);
        return v.isBoolean() ? java.util.Optional.of(v.asBoolean())
                : v.isTextual() ? java.util.Optional.of(Boolean.parseBoolean(v.asText())) : java.util.Optional.empty();
    }

    /** The trail's bucket a CreateTrail or UpdateTrail names (S3BucketName), or null. */
    private static String bucket(JsonNode request) {
        String bucket = StoredSelectors.field(request, "s3BucketName").asText("");
        return bucket.isEmpty() ? null : bucket;
    }
}
