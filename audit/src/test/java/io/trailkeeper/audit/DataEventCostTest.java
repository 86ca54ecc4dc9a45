package io.trailkeeper.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trailkeeper.audit.DataEventCost.Estimate;
import java.math.BigDecimal;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class DataEventCostTest {

    @Test
    void theExampleOfThePricePageAddsUp() {
        // two trails for management events (one copy free), one for data events: 150,000 and 2,000,000 events
        assertEquals(new BigDecimal("3.00"), DataEventCost.managementEvents(150_000, 2));
        assertEquals(new BigDecimal("2.00"), DataEventCost.dataEvents(2_000_000, 1));
        assertEquals(new BigDecimal("0.00"), DataEventCost.managementEvents(150_000, 1));
    }

    @Test
    void everyTrailThatDeliversDataEventsPays() {
        Estimate e = DataEventCost.estimate("S3 object reads and writes, all buckets", 25_000_000L, 2);
        assertEquals(new BigDecimal("50.00"), e.usdPerMonth());
        assertEquals("S3 object reads and writes, all buckets: about $50.00 a month for 25,000,000 events on 2 trails"
                + " ($0.10 per 100,000 data events delivered (CloudTrail price, 2025-07))", e.text());
    }

    @Test
    void withoutAVolumeTheUnitPriceIsShown() {
        Estimate e = DataEventCost.estimate("Lambda invocations", null);
        assertNull(e.usdPerMonth());
        assertEquals("Lambda invocations: $0.10 per 100,000 data events delivered (CloudTrail price, 2025-07); the"
                + " monthly volume is not known", e.text());
    }

    @Test
    void smallVolumesRoundToTheCent() {
        assertEquals(new BigDecimal("0.01"), DataEventCost.dataEvents(5_000, 1));
        assertEquals(new BigDecimal("0.00"), DataEventCost.dataEvents(4_999, 1));
        assertEquals("about $1,234.57 a month", DataEventCost.estimate("x", 1_234_567_000L).text()
                .substring(3, 26));
    }

    @Test
    void theDateOfThePricesIsStated() {
        assertEquals(YearMonth.of(2025, 7), DataEventCost.PRICES_AS_OF);
        assertEquals("$0.10 per 100,000 data events delivered (CloudTrail price, 2025-07)", DataEventCost.unitPrice());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DataEventCost.estimate("x", -1L));
        assertThrows(IllegalArgumentException.class, () -> DataEventCost.estimate("x", 1L, 0));
    }
}
