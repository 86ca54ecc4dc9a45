package io.trailkeeper.store.investigate;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a resource lives, which may not be where its deletion was recorded: a bucket deleted from the CLI is
 * recorded in the CLI's region. Inferred, best first: the region in its ARN; for a trail, the region that recorded a
 * successful DeleteTrail or UpdateTrail of it (CloudTrail takes them only in its home region); CreateBucket's
 * LocationConstraint (none means us-east-1); the region in the Host of another request naming it near the time
 * asked about (a regional S3 endpoint; not the destructive calls', which a CLI sends to its own region's endpoint);
 * the region that recorded most other events naming it, data events first (S3 records object calls in the bucket's
 * region); else unknown.
 */
final class ResourceRegion {
    static final String UNKNOWN = "unknown";
    static final String GLOBAL = "global";
    private static final Set<String> GLOBAL_SERVICES = Set.of("iam", "organizations", "route53", "cloudfront",
            "globalaccelerator", "waf", "shield");
    private static final Pattern HOST = Pattern.compile(
            "(?:^|\\.)s3[.-](?:dualstack\\.)?([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?\\.?$");

    /** The region ("unknown", "global" or a region name) and why. */
    record Guess(String region, String basis) {
        boolean known() {
            return !UNKNOWN.equals(region);
        }
    }

    private ResourceRegion() {
    }

    /**
     * @param source     the service of the destructive calls when there is one, else ''
     * @param recordedIn the regions that recorded the destructive calls that succeeded
     */
    static Guess infer(Context c, ResourceName resource, String source, Set<String> recordedIn) {
        Guess arn = fromArns(c);
        if (arn != null) {
            return arn;
        }
        if ("cloudtrail.amazonaws.com".equals(source)) {
            List<List<Object>> home = c.query("resource-region-trail.sql", "trail home").rows();
            if (!home.isEmpty()) {
                return new Guess(Texts.clean(home.get(0).get(0)), "a successful " + Texts.clean(home.get(0).get(1))
                        + " of it was recorded there, which CloudTrail takes only in the trail's home region");
            }
        }
        boolean bucket = resource.s3Named() || "s3.amazonaws.com".equals(source);
        if (bucket) {
            // not the destructive call's own Host: a CLI set to another region sends it to that region's endpoint
            Guess fromRequests = ofBucket(c);
            if (fromRequests.known()) {
                return fromRequests;
            }
        }
        c.param("source", source);
        List<List<Object>> recorded = c.query("resource-region-recorded.sql", "recorded").rows();
        if (!recorded.isEmpty()) {
            List<Object> top = recorded.get(0);
            long data = ((Number) top.get(1)).longValue();
            long events = ((Number) top.get(2)).longValue();
            long all = recorded.stream().mapToLong(r -> ((Number) r.get(2)).longValue()).sum();
            String why = data > 0
                    ? Texts.count(data, "data event", "data events") + " naming it were recorded there (S3 records"
                            + " object calls in the bucket's region)"
                    : String.format(java.util.Locale.ROOT, "%,d of %,d", events, all) + " other events"
                            + " naming it were recorded there";
            return new Guess(Texts.clean(top.get(0)), why);
        }
        Guess regional = regionalService(source, recordedIn);
        return regional != null ? regional
                : new Guess(UNKNOWN, "no ARN with a region, regional Host, CreateBucket or other event names it");
    }

    /**
     * A regional service's calls (EC2, RDS, AWS Backup, KMS...) act on the resources of the region whose endpoint took
     * them, so the one region that recorded those that succeeded is the resource's; not S3's (a bucket's call may go to another
     * region's endpoint) nor a global service's (recorded in us-east-1).
     */
    private static Guess regionalService(String source, Set<String> recordedIn) {
        String service = source.endsWith(".amazonaws.com") ? source.substring(0, source.indexOf('.')) : "";
        if (service.isEmpty() || service.equals("s3") || service.equals("sts") || GLOBAL_SERVICES.contains(service)
                || recordedIn.size() != 1) {
            return null;
        }
        return new Guess(Texts.clean(recordedIn.iterator().next()), "the region that recorded its " + Texts.clean(source)
                + " calls: a regional service takes the calls for its region's resources only");
    }

    /**
     * A bucket's region from its requests alone: its CreateBucket (where it was made is where it lives), else the
     * Host of another request naming it, from [{@code $near_from}, {@code $near_to}]. Needs {@code $bucket}.
     */
    static Guess ofBucket(Context c) {
        List<List<Object>> created = c.query("resource-region-created.sql", "created").rows();
        if (!created.isEmpty()) {
            List<Object> latest = created.get(0);
            Object constraint = latest.get(2);
            if (constraint == null || constraint.toString().isBlank()) {
                return new Guess("us-east-1", "CreateBucket at " + latest.get(0)
                        + " named no LocationConstraint, which means us-east-1");
            }
            String region = "EU".equals(constraint.toString()) ? "eu-west-1" : Texts.clean(constraint);
            return new Guess(region, "CreateBucket at " + latest.get(0) + " asked for LocationConstraint "
                    + Texts.clean(constraint));
        }
        for (List<Object> row : c.query("resource-region-hosts.sql", "hosts").rows()) {
            String region = hostRegion(row.get(1));
            if (region != null) {
                return new Guess(region, "the Host of a request naming it: " + Texts.clean(row.get(1)));
            }
        }
        return new Guess(UNKNOWN, "no CreateBucket and no regional Host names it");
    }

    private static Guess fromArns(Context c) {
        Guess global = null;
        List<String> arns = new java.util.ArrayList<>();
        String subject = c.args().subject();
        if (subject.startsWith("arn:")) {
            arns.add(subject);
        }
        for (List<Object> row : c.query("resource-region-arn.sql", "arns").rows()) {
            arns.add(row.get(0).toString());
        }
        for (String arn : arns) {
            String[] parts = arn.split(":", 6);
            if (parts.length < 6) {
                continue;
            }
            if (!parts[3].isEmpty()) {
                return new Guess(Texts.clean(parts[3]), "the region in its ARN " + Texts.clean(arn));
            }
            if (GLOBAL_SERVICES.contains(parts[2]) && global == null) {
                global = new Guess(GLOBAL, Texts.clean(parts[2]) + " is global (its calls are recorded in us-east-1): "
                        + Texts.clean(arn));
            }
        }
        return global;
    }

    /** The region of a regional S3 endpoint (bucket.s3.ap-northeast-1.amazonaws.com), or null. */
    static String hostRegion(Object host) {
        if (host == null) {
            return null;
        }
        Matcher m = HOST.matcher(host.toString().toLowerCase(java.util.Locale.ROOT));
        return m.find() ? m.group(1) : null;
    }
}
