package io.trailkeeper.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.YearMonth;
import java.util.Locale;

/**
 * What a data-event selection costs, from CloudTrail's public prices for trails
 * (<a href="https://aws.amazon.com/cloudtrail/pricing/">aws.amazon.com/cloudtrail/pricing</a>, as published
 * in {@link #PRICES_AS_OF}): data events cost $0.10 per 100,000 events delivered, for every trail that
 * delivers them (the first copy included); the first copy of management events in each region is free, and
 * each additional copy costs $2.00 per 100,000 events. S3 storage, KMS and CloudWatch Logs are billed apart
 * and not counted here. Pure: the caller supplies the event volume (no snapshot holds it).
 */
public final class DataEventCost {
    /** When the prices below were last checked against AWS's published page. */
    public static final YearMonth PRICES_AS_OF = YearMonth.of(2025, 7);
    public static final String PRICE_PAGE = "https://aws.amazon.com/cloudtrail/pricing/";
    /** US dollars per 100,000 data events delivered, for each trail that delivers them. */
    public static final BigDecimal DATA_EVENTS_PER_100K = new BigDecimal("0.10");
    /** US dollars per 100,000 management events delivered by a second or further trail in a region. */
    public static final BigDecimal EXTRA_MANAGEMENT_COPY_PER_100K = new BigDecimal("2.00");
    private static final BigDecimal HUNDRED_THOUSAND = BigDecimal.valueOf(100_000);

    private DataEventCost() {
    }

    /**
     * A monthly estimate for one selection.
     *
     * @param selection      what is selected, in words ("S3 object reads and writes, all buckets")
     * @param eventsPerMonth the expected events a month, or null when unknown
     * @param copies         how many trails deliver the selection (each one is billed)
     * @param usdPerMonth    the estimate, or null when {@code eventsPerMonth} is unknown
     */
    public record Estimate(String selection, Long eventsPerMonth, int copies, BigDecimal usdPerMonth) {
        /** "S3 object reads, all buckets: about $2.00 a month for 2,000,000 events" or the unit price. */
        public String text() {
            String copiesText = copies == 1 ? "" : " on " + copies + " trails";
            if (usdPerMonth == null) {
                return selection + ": " + unitPrice() + copiesText + "; the monthly volume is not known";
            }
            return selection + ": about " + usd(usdPerMonth) + " a month for " + count(eventsPerMonth)
                    + " events" + copiesText + " (" + unitPrice() + ")";
        }
    }

    /** One trail delivering the selection. */
    public static Estimate estimate(String selection, Long eventsPerMonth) {
        return estimate(selection, eventsPerMonth, 1);
    }

    public static Estimate estimate(String selection, Long eventsPerMonth, int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("a selection is delivered by at least one trail, not " + copies);
        }
        if (eventsPerMonth != null && eventsPerMonth < 0) {
            throw new IllegalArgumentException("events per month cannot be negative: " + eventsPerMonth);
        }
        BigDecimal usd = eventsPerMonth == null ? null : dataEvents(eventsPerMonth, copies);
        return new Estimate(selection, eventsPerMonth, copies, usd);
    }

    /** US dollars a month for {@code events} data events delivered by {@code copies} trails. */
    public static BigDecimal dataEvents(long events, int copies) {
        return per100k(events, DATA_EVENTS_PER_100K).multiply(BigDecimal.valueOf(copies));
    }

    /** US dollars a month for management events delivered by {@code trails} trails in one region (one free). */
    public static BigDecimal managementEvents(long events, int trails) {
        return per100k(events, EXTRA_MANAGEMENT_COPY_PER_100K).multiply(BigDecimal.valueOf(Math.max(0, trails - 1)));
    }

    /** "$0.10 per 100,000 data events delivered (CloudTrail price, 2025-07)". */
    public static String unitPrice() {
        return "$" + DATA_EVENTS_PER_100K.toPlainString() + " per 100,000 data events delivered (CloudTrail price, "
                + PRICES_AS_OF + ")";
    }

    private static BigDecimal per100k(long events, BigDecimal price) {
        return price.multiply(BigDecimal.valueOf(events)).divide(HUNDRED_THOUSAND, 2, RoundingMode.HALF_UP);
    }

    private static String usd(BigDecimal amount) {
        return "$" + new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(amount);
    }

    private static String count(long n) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(n);
    }
}
