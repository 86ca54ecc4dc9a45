package io.trailkeeper.audit.fix;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DirectoryBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The advanced event selectors of the plan's trail, and the ARNs of the critical directory buckets they name. */
final class TrailSelectors {
    private TrailSelectors() {
    }

    /** The trail's advanced event selectors: management events, then the chosen data events. */
    static List<Design.Selector> of(Design d) {
        Design.Core c = d.core();
        List<Design.Selector> out = new ArrayList<>();
        out.add(new Design.Selector("Management events", List.of(
                new Design.Field("eventCategory", List.of("Management"), List.of(), List.of()))));
        List<Design.Field> s3 = new ArrayList<>();
        s3.add(new Design.Field("eventCategory", List.of("Data"), List.of(), List.of()));
        s3.add(new Design.Field("resources.type", List.of("AWS::S3::Object"), List.of(), List.of()));
        if (c.s3DataEventBuckets().isEmpty()) {
            s3.add(new Design.Field("resources.ARN", List.of(), List.of(),
                    List.of(d.bucketArn(c.bucket()) + "/", d.bucketArn(c.accessLogBucket()) + "/")));
            out.add(new Design.Selector("S3 object reads and writes, all buckets but the trail's own", s3));
        } else if (!c.generalPurposeBuckets().isEmpty()) {
            s3.add(new Design.Field("resources.ARN", List.of(),
                    c.generalPurposeBuckets().stream().map(b -> d.bucketArn(b) + "/").toList(), List.of()));
            out.add(new Design.Selector("S3 object reads and writes, critical buckets", s3));
        }
        if (!c.directoryBuckets().isEmpty()) {
            List<Design.Field> express = new ArrayList<>();
            express.add(new Design.Field("eventCategory", List.of("Data"), List.of(), List.of()));
            express.add(new Design.Field("resources.type", List.of(DataEventSelectors.S3_EXPRESS_OBJECT), List.of(),
                    List.of()));
            if (!c.s3ExpressObjectArns().isEmpty()) {
                express.add(new Design.Field("resources.ARN", List.of(), c.s3ExpressObjectArns(), List.of()));
            }
            out.add(new Design.Selector("S3 Express One Zone object reads and writes, critical directory buckets",
                    express));
        }
        if (c.dynamoDbAndLambda()) {
            out.add(new Design.Selector("DynamoDB item reads and writes", List.of(
                    new Design.Field("eventCategory", List.of("Data"), List.of(), List.of()),
                    new Design.Field("resources.type", List.of("AWS::DynamoDB::Table"), List.of(), List.of()))));
            out.add(new Design.Selector("Lambda invocations", List.of(
                    new Design.Field("eventCategory", List.of("Data"), List.of(), List.of()),
                    new Design.Field("resources.type", List.of("AWS::Lambda::Function"), List.of(), List.of()))));
        }
        out.addAll(c.keptSelectors());
        return out;
    }

    /** The data event types the plan selects itself, as broadly as the trail it replaces did or more. */
    private static final Set<String> OWN_TYPES = Set.of(DataEventSelectors.S3_OBJECT, "AWS::DynamoDB::Table",
            "AWS::Lambda::Function");

    /**
     * The advanced selectors of {@code replaced} that select data events of other types (SNS topics, directory
     * buckets, Bedrock...), every test as it is: the plan's trail keeps logging what the replaced one did.
     */
    static List<Design.Selector> kept(AccountSnapshot.Trail replaced) {
        return replaced.advancedEventSelectors().stream().filter(s -> s.fieldSelectors().stream()
                .anyMatch(f -> "eventCategory".equals(f.field()) && f.equalsValues().contains("Data"))
                && s.fieldSelectors().stream().filter(f -> "resources.type".equals(f.field()))
                .flatMap(f -> f.equalsValues().stream()).anyMatch(t -> !OWN_TYPES.contains(t)))
                .map(s -> new Design.Selector(s.name() != null ? s.name() : "Kept from trail " + replaced.name(),
                        s.fieldSelectors().stream().map(f -> new Design.Field(f.field(), f.equalsValues(),
                                f.startsWith(), f.notStartsWith(), f.notEquals(), f.endsWith(), f.notEndsWith()))
                                .toList())).toList();
    }

    /** Each critical directory bucket's object ARN prefix; none when one's region cannot be told from its name. */
    static List<String> s3ExpressObjectArns(AccountSnapshot snapshot, List<String> critical) {
        List<String> regions = Stream.concat(snapshot.regions().stream().map(AccountSnapshot.Region::name),
                snapshot.trails().stream().map(AccountSnapshot.Trail::homeRegion)).distinct().toList();
        List<String> out = new ArrayList<>();
        for (String name : critical.stream().filter(DirectoryBuckets::is).toList()) {
            String region = snapshot.buckets().stream().filter(b -> b.name().equals(name) && b.region() != null)
                    .map(AccountSnapshot.Bucket::region).findFirst()
                    .orElse(DirectoryBuckets.region(name, regions));
            if (region == null) {
                return List.of();
            }
            out.add("arn:" + Design.partitionOf(snapshot.callerArn()) + ":s3express:" + region + ":"
                    + snapshot.account() + ":bucket/" + name + "/");
        }
        return out;
    }
}
