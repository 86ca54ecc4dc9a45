package io.trailkeeper.audit.fix;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
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
    static List<AdvancedEventSelector> of(Design d) {
        Design.Core c = d.core();
        List<AdvancedEventSelector> out = new ArrayList<>();
        out.add(new AdvancedEventSelector("Management events", List.of(equalsField("eventCategory", "Management"))));
        List<FieldSelector> s3 = new ArrayList<>();
        s3.add(equalsField("eventCategory", "Data"));
        s3.add(equalsField("resources.type", "AWS::S3::Object"));
        if (c.s3DataEventBuckets().isEmpty()) {
            s3.add(new FieldSelector("resources.ARN", null, null, null,
                    List.of(d.bucketArn(c.bucket()) + "/", d.bucketArn(c.accessLogBucket()) + "/"), null, null));
            out.add(new AdvancedEventSelector("S3 object reads and writes, all buckets but the trail's own", s3));
        } else if (!c.generalPurposeBuckets().isEmpty()) {
            s3.add(startsWithField("resources.ARN", c.generalPurposeBuckets().stream().map(b -> d.bucketArn(b) + "/")
                    .toList()));
            out.add(new AdvancedEventSelector("S3 object reads and writes, critical buckets", s3));
        }
        if (!c.directoryBuckets().isEmpty()) {
            List<FieldSelector> express = new ArrayList<>();
            express.add(equalsField("eventCategory", "Data"));
            express.add(equalsField("resources.type", DataEventSelectors.S3_EXPRESS_OBJECT));
            if (!c.s3ExpressObjectArns().isEmpty()) {
                express.add(startsWithField("resources.ARN", c.s3ExpressObjectArns()));
            }
            out.add(new AdvancedEventSelector("S3 Express One Zone object reads and writes, critical directory buckets",
                    express));
        }
        if (c.dynamoDbAndLambda()) {
            out.add(new AdvancedEventSelector("DynamoDB item reads and writes", List.of(
                    equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::DynamoDB::Table"))));
            out.add(new AdvancedEventSelector("Lambda invocations", List.of(
                    equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::Lambda::Function"))));
        }
        out.addAll(c.keptSelectors());
        return out;
    }

    private static FieldSelector equalsField(String field, String value) {
        return new FieldSelector(field, List.of(value), null, null, null, null, null);
    }

    private static FieldSelector startsWithField(String field, List<String> prefixes) {
        return new FieldSelector(field, null, null, prefixes, null, null, null);
    }

    /** Whether the selector selects data events (its eventCategory equals Data). */
    static boolean selectsDataEvents(AdvancedEventSelector selector) {
        return selector.fieldSelectors().stream()
                .anyMatch(f -> "eventCategory".equals(f.field()) && f.equalsValues().contains("Data"));
    }

    /** The data event types the plan selects itself, as broadly as the trail it replaces did or more. */
    private static final Set<String> OWN_TYPES = Set.of(DataEventSelectors.S3_OBJECT, "AWS::DynamoDB::Table",
            "AWS::Lambda::Function");

    /**
     * The advanced selectors of {@code replaced} that select data events of other types (SNS topics, directory
     * buckets, Bedrock...), every test as it is: the plan's trail keeps logging what the replaced one did.
     */
    static List<AdvancedEventSelector> kept(AccountSnapshot.Trail replaced) {
        return replaced.advancedEventSelectors().stream().filter(s -> selectsDataEvents(s)
                && s.fieldSelectors().stream().filter(f -> "resources.type".equals(f.field()))
                .flatMap(f -> f.equalsValues().stream()).anyMatch(t -> !OWN_TYPES.contains(t)))
                .map(s -> s.name() != null ? s : new AdvancedEventSelector("Kept from trail " + replaced.name(),
                        s.fieldSelectors())).toList();
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
