package io.trailkeeper.cli;

import io.trailkeeper.store.investigate.DataReads;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's sentences on S3 reads from public addresses, as investigate key and actor tell them: the objects each
 * principal read per bucket with the bytes carried out, and the buckets it called whose object calls the store holds
 * no data event of (what was read there cannot be told). In a data theft drill the summary named only a rule's match.
 */
final class ReportDataReads {
    private ReportDataReads() {
    }

    /** None when no principal calling from a public address read an object or called an unlogged bucket. */
    static List<String> sentences(DataReads reads) {
        List<String> read = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (DataReads.Principal p : reads.principals()) {
            List<String> buckets = new ArrayList<>();
            for (DataReads.Bucket b : p.buckets()) {
                if (b.objects() + b.refused() > 0) {
                    buckets.add(read(b));
                }
                if (!b.logged()) {
                    unseen.add(b.name() + " (" + String.join(", ", b.regions()) + ") by " + p.arn() + " ("
                            + String.join(", ", b.bucketCalls()) + ") from " + String.join(", ", b.ips()));
                }
            }
            if (!buckets.isEmpty()) {
                read.add(p.arn() + ": " + String.join("; ", buckets));
            }
        }
        List<String> out = new ArrayList<>();
        if (!read.isEmpty()) {
            out.add("S3 objects read by principals calling from public addresses, the most bytes first"
                    + " (`trailkeeper investigate s3 BUCKET` tells each call): " + told(read) + ".");
        }
        if (!unseen.isEmpty()) {
            out.add("Buckets called from public addresses whose object calls the store holds no data event of, so"
                    + " whether objects were read there cannot be told (a trail's data event selector would have"
                    + " told it): " + told(unseen) + ".");
        }
        return out;
    }

    private static String read(DataReads.Bucket b) {
        String bytes = b.objects() == 0 ? "" : b.bytes() == null && b.bytesRead() ? ", " + DataReads.BYTES_NOT_RECORDED
                : b.bytes() == null ? ", bytes not summed (over "
                + ReportText.count(DataReads.BYTES_LIMIT, "read", "reads") + " of this principal, each a raw record to"
                + " read: `trailkeeper investigate s3 BUCKET` narrowed with --actor, --since and --until sums them)"
                : ", " + ReportText.count(b.bytes(), "byte", "bytes") + " out";
        return ReportText.count(b.objects(), "object", "objects") + " of " + b.name() + " ("
                + String.join(", ", b.regions()) + ")" + bytes + " from " + String.join(", ", b.ips())
                + (b.objects() == 0 ? "" : ", first at " + ReportText.time(b.first()))
                + (b.refused() == 0 ? "" : ", " + ReportText.count(b.refused(), "read", "reads") + " refused");
    }

    private static String told(List<String> parts) {
        return String.join("; ", parts.subList(0, Math.min(ReportComputeAbuse.TOLD, parts.size())))
                + ReportText.more(parts.size() - ReportComputeAbuse.TOLD);
    }
}
