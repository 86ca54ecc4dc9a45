package io.trailkeeper.events;

import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.DataResource;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a trail's event selectors log as data events, basic and advanced alike.
 *
 * <p>Basic selectors name ARN prefixes ({@code arn:aws:s3} or {@code arn:aws:s3:::} for every bucket,
 * {@code arn:aws:s3:::bucket/} for one) with a ReadWriteType. Advanced selectors AND their field selectors;
 * within one field the Equals/StartsWith/EndsWith values are alternatives and the Not... values all apply. A
 * selector counts for "every object" only when nothing but eventCategory, resources.type, readOnly and
 * eventSource restricts it, and its negative resources.ARN tests exclude nothing but objects of the buckets
 * it may spare (the trail's own, whose logging would loop, and its access-log bucket): any other exclusion
 * ({@code NotStartsWith arn:aws:s3:::} excludes everything, {@code arn:aws:s3:::customer-data/} a bucket,
 * a NotEndsWith objects of every bucket) leaves a gap, and so does a list of eventNames.
 */
public final class DataEventSelectors {
    public static final String S3_OBJECT = "AWS::S3::Object";
    public static final String S3_EXPRESS_OBJECT = "AWS::S3Express::Object";
    public static final String DYNAMODB_TABLE = "AWS::DynamoDB::Table";
    public static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";

    private static final Set<String> NEUTRAL_FIELDS = Set.of("eventcategory", "resources.type", "readonly",
            "eventsource");

    private DataEventSelectors() {
    }

    /** Object reads, object writes. */
    public enum Kind { READ, WRITE }

    /**
     * Whether the trail logs {@code kind} events of {@code type} for every resource of that type, but perhaps
     * the objects of the trail's own bucket (for S3).
     */
    public static boolean logsEverything(Trail trail, String type, Kind kind) {
        return logsEverything(trail, type, kind, trail.s3BucketName() == null ? Set.of() : Set.of(trail.s3BucketName()));
    }

    /**
     * Whether the trail logs {@code kind} events of {@code type} for every resource of that type, but perhaps
     * the objects of the buckets in {@code spared} (for S3: the trail's own and its access-log bucket, whose
     * exclusion leaves no evidence unlogged).
     */
    public static boolean logsEverything(Trail trail, String type, Kind kind, Set<String> spared) {
        for (EventSelector s : trail.eventSelectors()) {
            if (covers(s.readWriteType(), kind) && s.dataResources().stream()
                    .anyMatch(r -> type.equals(r.type()) && r.values().stream().anyMatch(DataEventSelectors::isRoot))) {
                return true;
            }
        }
        return trail.advancedEventSelectors().stream().anyMatch(s -> selects(s, type, kind)
                && s.fieldSelectors().stream().allMatch(f -> onlyExcludes(f, spared) || S3EventNames.sparesKind(f, type, kind)));
    }

    /**
     * The resources.ARN exclusions that keep a selector of {@code type} and {@code kind} from logging every
     * resource, beyond those of the {@code spared} buckets, in words ("NotStartsWith arn:aws:s3:::customer-data/").
     */
    public static List<String> exclusions(Trail trail, String type, Kind kind, Set<String> spared) {
        List<String> out = new ArrayList<>();
        for (AdvancedEventSelector s : trail.advancedEventSelectors()) {
            if (!selects(s, type, kind) || !s.fieldSelectors().stream().allMatch(f -> onlyExcludes(f, Set.of(), true))) {
                continue;
            }
            for (FieldSelector f : s.fieldSelectors()) {
                if (arnField(f)) {
                    f.notStartsWith().stream().filter(v -> !spares(v, spared)).forEach(v -> out.add("NotStartsWith " + v));
                    f.notEquals().stream().filter(v -> !spares(v, spared)).forEach(v -> out.add("NotEquals " + v));
                    f.notEndsWith().forEach(v -> out.add("NotEndsWith " + v));
                }
            }
        }
        return out.stream().distinct().toList();
    }

    /**
     * What keeps the trail from logging every {@code kind} event of {@code type} (the {@code spared} buckets' aside),
     * one entry per selector that logs some, in the selectors' own words: {@code resources.ARN StartsWith
     * arn:aws:s3:::payroll/}, {@code eventName Equals GetObject}, {@code userIdentity.arn NotStartsWith
     * arn:aws:iam::111122223333:role/ops}, {@code basic selector values arn:aws:s3:::payroll/reports}. Empty when
     * it logs every one, and when it logs none.
     */
    public static List<String> limits(Trail trail, String type, Kind kind, Set<String> spared) {
        if (logsEverything(trail, type, kind, spared)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (EventSelector s : trail.eventSelectors()) {
            s.dataResources().stream().filter(r -> covers(s.readWriteType(), kind) && type.equals(r.type())
                    && !r.values().isEmpty()).forEach(r -> out.add("basic selector values "
                    + String.join(", ", r.values())));
        }
        for (AdvancedEventSelector s : trail.advancedEventSelectors()) {
            if (selects(s, type, kind)) {
                out.add(String.join(" and ", s.fieldSelectors().stream()
                        .filter(f -> !onlyExcludes(f, spared) && !S3EventNames.sparesKind(f, type, kind))
                        .map(f -> words(f, spared)).toList()));
            }
        }
        return out.stream().distinct().toList();
    }

    /** A field selector's tests, the spared buckets' resources.ARN exclusions left out. */
    private static String words(FieldSelector f, Set<String> spared) {
        List<String> tests = new ArrayList<>();
        boolean arn = arnField(f);
        tests(tests, "Equals", f.equalsValues());
        tests(tests, "StartsWith", f.startsWith());
        tests(tests, "EndsWith", f.endsWith());
        tests(tests, "NotEquals", f.notEquals().stream().filter(v -> !arn || !spares(v, spared)).toList());
        tests(tests, "NotStartsWith", f.notStartsWith().stream().filter(v -> !arn || !spares(v, spared)).toList());
        tests(tests, "NotEndsWith", f.notEndsWith());
        return f.field() + " " + String.join(", ", tests);
    }

    private static void tests(List<String> out, String operator, List<String> values) {
        if (!values.isEmpty()) {
            out.add(operator + " " + String.join(", ", values));
        }
    }

    /**
     * Whether the trail logs {@code kind} events of {@code type} for the resource {@code arn} (for S3, one object
     * ARN, {@code arn:aws:s3:::bucket/key}; for a whole bucket, {@link #logsWholeBucket}).
     */
    public static boolean logs(Trail trail, String type, Kind kind, String arn) {
        for (EventSelector s : trail.eventSelectors()) {
            if (covers(s.readWriteType(), kind) && s.dataResources().stream()
                    .anyMatch(r -> type.equals(r.type()) && r.values().stream().anyMatch(v -> matchesBasic(v, arn)))) {
                return true;
            }
        }
        return trail.advancedEventSelectors().stream().anyMatch(s -> selects(s, type, kind)
                && s.fieldSelectors().stream().allMatch(f -> arnField(f) ? test(f, arn)
                : neutral(f) || S3EventNames.sparesKind(f, type, kind)));
    }

    /**
     * Whether the trail logs {@code kind} S3 object events for every object of {@code bucket}: a basic value that
     * is a prefix of {@code arn:<partition>:s3:::bucket/} ({@code arn:aws:s3} included), or an advanced selector
     * whose resources.ARN tests, if positive, include a StartsWith prefix of it (Equals names one exact object
     * ARN, EndsWith a suffix: neither covers a bucket), and whose negative tests cannot exclude an object inside
     * it (no NotStartsWith or NotEquals inside the bucket or above it, no NotEndsWith at all).
     */
    public static boolean logsWholeBucket(Trail trail, Kind kind, String partition, String bucket) {
        return logsWhole(trail, S3_OBJECT, kind, wholeBucket(partition, bucket));
    }

    /**
     * As {@link #logsWholeBucket} for a directory bucket: every object under {@code whole}, its objects' ARN prefix
     * ({@code arn:aws:s3express:REGION:ACCOUNT:bucket/NAME/}), by a selector of AWS::S3Express::Object.
     */
    public static boolean logsWholeDirectoryBucket(Trail trail, Kind kind, String whole) {
        return logsWhole(trail, S3_EXPRESS_OBJECT, kind, whole);
    }

    private static boolean logsWhole(Trail trail, String type, Kind kind, String whole) {
        for (EventSelector s : trail.eventSelectors()) {
            if (covers(s.readWriteType(), kind) && s.dataResources().stream().anyMatch(r -> type.equals(r.type())
                    && r.values().stream().anyMatch(v -> matchesBasic(v, whole)))) {
                return true;
            }
        }
        return trail.advancedEventSelectors().stream().anyMatch(s -> selects(s, type, kind)
                && s.fieldSelectors().stream().allMatch(f -> arnField(f) ? wholeBucket(f, whole)
                : neutral(f) || S3EventNames.sparesKind(f, type, kind)));
    }

    private static boolean wholeBucket(FieldSelector f, String whole) {
        boolean hasPositive = hasPositive(f);
        boolean included = !hasPositive || f.startsWith().stream().anyMatch(whole::startsWith);
        boolean excludesSome = !f.notEndsWith().isEmpty()
                || f.notStartsWith().stream().anyMatch(v -> v.startsWith(whole) || whole.startsWith(v))
                || f.notEquals().stream().anyMatch(v -> v.startsWith(whole));
        return included && !excludesSome;
    }

    /** Whether the trail selects any data events of {@code type}, for all resources or some. */
    public static boolean selectsAny(Trail trail, String type) {
        boolean basic = trail.eventSelectors().stream().flatMap(s -> s.dataResources().stream())
                .map(DataResource::type).anyMatch(type::equals);
        return basic || trail.advancedEventSelectors().stream()
                .anyMatch(s -> selects(s, type, Kind.READ) || selects(s, type, Kind.WRITE));
    }

    /** Whether basic selectors are in use: they cannot exclude a bucket. */
    public static boolean basicLogsEverything(Trail trail, String type, Kind kind) {
        return trail.eventSelectors().stream().anyMatch(s -> covers(s.readWriteType(), kind) && s.dataResources()
                .stream().anyMatch(r -> type.equals(r.type()) && r.values().stream().anyMatch(DataEventSelectors::isRoot)));
    }

    private static boolean selects(AdvancedEventSelector s, String type, Kind kind) {
        boolean data = false;
        boolean typed = false;
        for (FieldSelector f : s.fieldSelectors()) {
            switch (f.field().toLowerCase(Locale.ROOT)) {
                case "eventcategory" -> data = test(f, "Data");
                case "resources.type" -> typed = test(f, type);
                case "readonly" -> {
                    if (!test(f, kind == Kind.READ ? "true" : "false")) {
                        return false;
                    }
                }
                case "eventname" -> {
                    if (type.startsWith("AWS::S3") && !S3EventNames.mayName(f, kind)) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return data && typed;
    }

    private static boolean onlyExcludes(FieldSelector f, Set<String> spared) {
        return onlyExcludes(f, spared, false);
    }

    /**
     * Whether {@code f} leaves every resource selected but the spared buckets' objects ({@code anyExclusion}:
     * whatever its negative values exclude).
     */
    private static boolean onlyExcludes(FieldSelector f, Set<String> spared, boolean anyExclusion) {
        if (arnField(f)) {
            return f.equalsValues().isEmpty() && f.endsWith().isEmpty()
                    && f.startsWith().stream().allMatch(DataEventSelectors::isRoot)
                    && (anyExclusion || f.notEndsWith().isEmpty()
                    && f.notStartsWith().stream().allMatch(v -> spares(v, spared))
                    && f.notEquals().stream().allMatch(v -> spares(v, spared)));
        }
        return neutral(f);
    }

    /** Whether a negative resources.ARN value can match only objects of the {@code spared} buckets. */
    private static boolean spares(String value, Set<String> spared) {
        return spared.stream().anyMatch(b -> value.matches("arn:[a-z-]+:s3:::" + Pattern.quote(b)
                + "/.*"));
    }

    private static boolean neutral(FieldSelector f) {
        String field = f.field().toLowerCase(Locale.ROOT);
        if (!field.equals("eventsource")) {
            return NEUTRAL_FIELDS.contains(field);
        }
        return f.notEquals().isEmpty() && f.notStartsWith().isEmpty() && f.notEndsWith().isEmpty();
    }

    private static boolean arnField(FieldSelector f) {
        return f.field().equalsIgnoreCase("resources.ARN");
    }

    /** One field selector against a value: any positive test passes (when there are any), no negative one fails. */
    public static boolean test(FieldSelector f, String value) {
        boolean hasPositive = hasPositive(f);
        boolean positive = f.equalsValues().contains(value) || f.startsWith().stream().anyMatch(value::startsWith)
                || f.endsWith().stream().anyMatch(value::endsWith);
        boolean negative = f.notEquals().contains(value) || f.notStartsWith().stream().anyMatch(value::startsWith)
                || f.notEndsWith().stream().anyMatch(value::endsWith);
        return (!hasPositive || positive) && !negative;
    }

    /** Whether {@code f} has a positive test (Equals, StartsWith, EndsWith): a value must pass one of them. */
    public static boolean hasPositive(FieldSelector f) {
        return !f.equalsValues().isEmpty() || !f.startsWith().isEmpty() || !f.endsWith().isEmpty();
    }

    public static boolean covers(String readWriteType, Kind kind) {
        if (readWriteType == null || readWriteType.equalsIgnoreCase("All")) {
            return true;
        }
        return readWriteType.equalsIgnoreCase(kind == Kind.READ ? "ReadOnly" : "WriteOnly");
    }

    /** {@code arn:aws:s3}, {@code arn:aws:s3:::}, {@code arn:aws:dynamodb}...: every resource of a service. */
    private static boolean isRoot(String value) {
        String v = value;
        while (v.endsWith(":")) {
            v = v.substring(0, v.length() - 1);
        }
        return v.matches("arn:[a-z-]+:[a-z0-9-]+");
    }

    private static boolean matchesBasic(String value, String arn) {
        return isRoot(value) ? arn.startsWith(value.replaceAll(":+$", "")) : arn.startsWith(value);
    }

    /** The object ARN standing for "every object of the bucket". */
    public static String wholeBucket(String partition, String bucket) {
        return "arn:" + partition + ":s3:::" + bucket + "/";
    }

    /** Whether a list of selectors names any resource type at all (basic or advanced). */
    public static boolean anyDataEvents(Trail trail) {
        return List.of(S3_OBJECT, DYNAMODB_TABLE, LAMBDA_FUNCTION).stream().anyMatch(t -> selectsAny(trail, t))
                || trail.eventSelectors().stream().anyMatch(s -> !s.dataResources().isEmpty());
    }
}
