package io.trailkeeper.store;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A call that names an EC2 resource only as a filter's value: EC2's Describe* calls take the ids to describe as
 * {@code InstanceId.N} (recorded as {@code instancesSet.items[].instanceId}, a name the store keeps) or as a filter,
 * {@code Filter.N.Name=instance-id, Filter.N.Value.M=i-...} (recorded as {@code requestParameters.filterSet.items[]
 * {name, valueSet.items[] {value}}}), whose values the store does not keep: a DescribeInstances or DescribeAddresses
 * filtered on {@code instance-id} reads what the attacker wanted to know of that instance, and a DescribeVolumes
 * filtered on {@code attachment.instance-id} the volumes attached to it. Such a call names the resource, in a filter:
 * a search finds it, labelled with the filter's name, since the answer it got may have held the resource or nothing.
 *
 * <p>Only EC2 ids ({@code i-0abc...}, {@code vpc-...}, {@code sg-...}: a prefix and 8 or 17 hex digits, as EC2
 * makes them) and EC2 ARNs' ids are looked for: the value is confirmed in the original record, read for the EC2 calls
 * that name something only (an EC2 filter's name is among the names the store keeps), and a name of another kind
 * (a bucket) costs no record read. Other services' filter lists are not read.
 *
 * <p>An instance is named, too, by the RunInstances that launched it, in its response only: that call is found as one
 * naming it.
 */
final class FilterMatch {
    /** How EC2 makes ids: a type prefix (i, vol, snap, eipalloc, rtbassoc...), a dash, 8 or 17 hex digits. */
    private static final Pattern EC2_ID = Pattern.compile("[a-z]+(-[a-z]+)*-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final String VALUES = "'$.requestParameters.filterSet.items[*].valueSet.items[*].value'";
    /** The instances a RunInstances launched: its request names the image, never the instances it makes. */
    private static final String LAUNCHED = "'$.responseElements.instancesSet.items[*].instanceId'";

    /** The id to look for, and the account of the ARN it came from ("" for a bare id or an ARN without one). */
    record Target(String id, String account) {
    }

    private FilterMatch() {
    }

    /** The EC2 id a search names, bare or as an EC2 ARN's last part ({@code instance/i-0abc...}); null otherwise. */
    static Target target(String given) {
        if (EC2_ID.matcher(given).matches()) {
            return new Target(given, "");
        }
        ResourceArn arn = ResourceArn.parse(given);
        return arn != null && arn.service().equals("ec2") && EC2_ID.matcher(arn.name()).matches()
                ? new Target(arn.name(), arn.account()) : null;
    }

    /**
     * The condition: an EC2 call whose request gives the id as a filter's value (in the ARN's account, for an ARN).
     * The record is read only for EC2 calls that name something (a CASE: DuckDB tests its condition first); its
     * parameters are {@link #params}.
     */
    static String condition(Target t) {
        return "(CASE WHEN event_source = 'ec2.amazonaws.com' AND len(resources) > 0"
                + (t.account().isEmpty() ? "" : " AND recipient_account_id = ?") + " THEN list_contains("
                + "json_extract_string(" + EventSearch.RECORD + ", " + VALUES + "), ?) OR " + launched() + " ELSE false"
                + " END)";
    }

    /**
     * A RunInstances whose response lists the id among the instances it launched: who launched an instance found
     * running (a GPU instance in a region nobody uses) is told by that call alone. Its parameter is the id.
     */
    private static String launched() {
        return "(event_name = 'RunInstances' AND list_contains(json_extract_string(" + EventSearch.RECORD + ", "
                + LAUNCHED + "), ?))";
    }

    static List<Object> params(Target t) {
        List<Object> out = new ArrayList<>();
        if (!t.account().isEmpty()) {
            out.add(t.account());
        }
        out.add(t.id());
        out.add(t.id());
        return out;
    }

    /**
     * The label of a call that names the id in a filter: "named in filter instance-id"; of the RunInstances that
     * launched it, that it names it (its response does, for sure).
     */
    static String label() {
        return "CASE WHEN " + launched() + " THEN '" + PrefixMatch.NAMES_IT + "' ELSE 'named in filter ' ||"
                + " coalesce((list_filter(json_extract(" + EventSearch.RECORD + ","
                + " '$.requestParameters.filterSet.items[*]'), lambda f: list_contains(json_extract_string(f,"
                + " '$.valueSet.items[*].value'), ?))[1])->>'$.name', '(no name)') END";
    }

    static List<Object> labelParams(Target t) {
        return List.of(t.id(), t.id());
    }
}
