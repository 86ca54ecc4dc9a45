package io.trailkeeper.emulator;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How to run an emulator: the scenario it plays, the port (0 picks a free one), and what overrides the
 * scenario for a test or benchmark: the clock, the LookupEvents rate, the faults to inject, the way LookupEvents
 * pages.
 *
 * <p>The emulator's clock is this configuration's clock if set, else a clock fixed at the scenario's
 * {@code now} if it has one, else the real UTC clock. The LookupEvents rate is this configuration's if set,
 * else the scenario's, else AWS's 2 calls per second per region.
 */
public final class EmulatorConfig {
    /** CloudTrail's documented LookupEvents limit: 2 calls per second, per account and region. */
    public static final double DEFAULT_LOOKUP_RATE = 2.0;

    private final Scenario scenario;
    private final int port;
    private final Clock clock;
    private final Double lookupRatePerSecond;
    private final Faults faults;
    private final LookupPaging lookupPaging;
    private final java.util.List<LookupRefusal> lookupRefusals;
    private final java.util.Set<String> unserved;
    private final java.util.Map<String, java.time.Duration> lookupDelays;

    private EmulatorConfig(Builder b) {
        this.scenario = b.scenario;
        this.port = b.port;
        this.clock = b.clock;
        this.lookupRatePerSecond = b.lookupRatePerSecond;
        this.faults = b.faults;
        this.lookupPaging = b.lookupPaging;
        this.lookupRefusals = java.util.List.copyOf(b.lookupRefusals);
        this.unserved = java.util.Set.copyOf(b.unserved);
        this.lookupDelays = java.util.Map.copyOf(b.lookupDelays);
    }

    /** The scenario on a free port, everything else as the scenario says. */
    public static EmulatorConfig of(Scenario scenario) {
        return builder(scenario).build();
    }

    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The port on 127.0.0.1; 0 for any free one. */
    public int port() {
        return port;
    }

    public Optional<Clock> clock() {
        return Optional.ofNullable(clock);
    }

    public OptionalDouble lookupRatePerSecond() {
        return lookupRatePerSecond == null ? OptionalDouble.empty() : OptionalDouble.of(lookupRatePerSecond);
    }

    public Faults faults() {
        return faults;
    }

    /** How LookupEvents pages: {@link LookupPaging#CORRECT} unless a test asks for a paging fault. */
    public LookupPaging lookupPaging() {
        return lookupPaging;
    }

    /** The windows of the event history LookupEvents refuses (AccessDeniedException); none unless a test sets some. */
    public java.util.List<LookupRefusal> lookupRefusals() {
        return lookupRefusals;
    }

    /** The services (signing names) the emulator does not serve; none unless a test leaves some out. */
    public java.util.Set<String> unserved() {
        return unserved;
    }

    /** By eventID, how long after its eventTime an event appears in LookupEvents; none unless a test sets some. */
    public java.util.Map<String, java.time.Duration> lookupDelays() {
        return lookupDelays;
    }

    /** The clock the emulator will run on (see the class description). */
    Clock effectiveClock() {
        if (clock != null) {
            return clock;
        }
        return scenario.now().map(now -> Clock.fixed(now, ZoneOffset.UTC)).orElse(Clock.systemUTC());
    }

    /** The LookupEvents rate the emulator will enforce (see the class description); 0 means none. */
    double effectiveLookupRate() {
        if (lookupRatePerSecond != null) {
            return lookupRatePerSecond;
        }
        return scenario.lookupRatePerSecond().orElse(DEFAULT_LOOKUP_RATE);
    }

    public static final class Builder {
        private final Scenario scenario;
        private int port;
        private Clock clock;
        private Double lookupRatePerSecond;
        private Faults faults = Faults.none();
        private LookupPaging lookupPaging = LookupPaging.CORRECT;
        private final java.util.List<LookupRefusal> lookupRefusals = new java.util.ArrayList<>();
        private final java.util.Set<String> unserved = new java.util.HashSet<>();
        private final java.util.Map<String, java.time.Duration> lookupDelays = new java.util.HashMap<>();

        private Builder(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
        }

        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("a port is 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The emulator's clock: the 90-day window and "now" of LookupEvents and ListPublicKeys. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** LookupEvents calls per second per region; 0 turns throttling off. */
        public Builder lookupRatePerSecond(double rate) {
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("the LookupEvents rate must be 0 (no limit) or a positive number, was "
                        + rate);
            }
            this.lookupRatePerSecond = rate;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults);
            return this;
        }

        /** A paging fault for LookupEvents (a repeated or refused NextToken, oldest-first pages). */
        public Builder lookupPaging(LookupPaging paging) {
            this.lookupPaging = Objects.requireNonNull(paging);
            return this;
        }

        /**
         * LookupEvents in {@code region} refuses (AccessDeniedException) any request whose time range reaches into
         * [from, to], as a policy denying a period of the history would; the region's other periods read as usual.
         */
        public Builder refuseLookupWindow(String region, java.time.Instant from, java.time.Instant to) {
            this.lookupRefusals.add(new LookupRefusal(region, from, to));
            return this;
        }

        /**
         * Leaves services out (signing names: {@code ec2}, {@code iam}...), as a CloudTrail- or S3-only server or
         * proxy does: their calls answer {@code InvalidAction} (query protocols) or {@code UnknownOperationException}
         * (JSON), HTTP 400.
         */
        public Builder unserved(String... services) {
            this.unserved.addAll(java.util.List.of(services));
            return this;
        }

        /**
         * The event {@code eventId} appears in LookupEvents only once the clock is {@code delay} past its eventTime,
         * as CloudTrail's event history shows events minutes after the call (typically within 15 minutes, not
         * guaranteed): with {@link #clock} a test moves past the delay to make it appear with its old eventTime.
         */
        public Builder lookupDelay(String eventId, java.time.Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("an event cannot appear before it happened: " + eventId + " " + delay);
            }
            this.lookupDelays.put(Objects.requireNonNull(eventId), delay);
            return this;
        }

        public EmulatorConfig build() {
            return new EmulatorConfig(this);
        }
    }
}
