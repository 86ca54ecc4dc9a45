package io.trailkeeper.audit.fix;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * What the plan's data events will cost. CloudTrail charges for data events by the number delivered, whatever
 * their kind ($0.10 per 100,000 in CloudTrail's public price list); the plan cannot know the volume, so it
 * estimates only from a figure the user gives.
 *
 * @param selections     what is logged, in words, one entry per selector; empty when the plan adds no data events
 * @param eventsPerMonth the expected data events a month, or null when not given
 */
public record DataEventEstimate(List<String> selections, Long eventsPerMonth) {
    /** US dollars per 100,000 data events delivered. */
    public static final BigDecimal PRICE_PER_100K = new BigDecimal("0.10");

    public DataEventEstimate {
        selections = selections == null ? List.of() : List.copyOf(selections);
    }

    /** The estimated monthly cost in US dollars, or null when no volume was given or nothing is logged. */
    public BigDecimal monthlyUsd() {
        if (eventsPerMonth == null || selections.isEmpty()) {
            return null;
        }
        return PRICE_PER_100K.multiply(BigDecimal.valueOf(eventsPerMonth))
                .divide(BigDecimal.valueOf(100_000), 2, RoundingMode.HALF_UP);
    }

    /** One line: the estimate, or the unit price and how to get an estimate. */
    public String describe() {
        if (selections.isEmpty()) {
            return "no data events are added, so no data-event cost";
        }
        String price = "$" + PRICE_PER_100K + " per 100,000 data events";
        if (eventsPerMonth == null) {
            return "data events cost " + price + "; give the expected events a month for an estimate";
        }
        return String.format(Locale.ROOT, "about %,d data events a month: $%,.2f a month at %s", eventsPerMonth,
                monthlyUsd(), price);
    }
}
