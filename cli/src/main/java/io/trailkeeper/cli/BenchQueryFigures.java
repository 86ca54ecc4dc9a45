package io.trailkeeper.cli;

import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of {@code bench query}: one row per question, and the verdict per target. */
final class BenchQueryFigures {
    static final double SPEED_UP_TARGET = 100;
    static final double LATENCY_TARGET_SECONDS = 1.0;

    /** One question measured: the investigation's timing, jq's, and where their answers differ (none: agreed). */
    record Row(BenchQueryQuestion question, BenchQueryInvestigations.Timing investigation, BenchQueryJq.Answer jq,
               List<String> differences) {
        boolean agree() {
            return differences.isEmpty();
        }

        /** How many times faster than jq the investigation's cold run is. */
        double speedUp() {
            return jq.seconds() / investigation.coldSeconds();
        }

        long events() {
            return jq.answer().path("events").asLong();
        }

        boolean fastEnough() {
            return speedUp() >= SPEED_UP_TARGET;
        }

        boolean quickEnough() {
            return !question.underSecond() || investigation.coldSeconds() < LATENCY_TARGET_SECONDS;
        }

        String target() {
            return question.underSecond() ? ">= 100x, < 1 s" : ">= 100x";
        }
    }

    private BenchQueryFigures() {
    }

    static List<Table> tables(List<Row> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(List.of(r.question().label(), r.events(), round(r.investigation().processSeconds(), 2),
                    round(r.investigation().coldSeconds(), 3),
                    round(r.investigation().warmMedianSeconds(), 3), round(r.jq().seconds(), 1),
                    round(r.speedUp(), 0), r.target(), r.fastEnough() && r.quickEnough() ? "met" : "NOT MET",
                    r.agree() ? "yes" : "NO"));
        }
        return List.of(new Table("bench_query", List.of("question", "events", "trailkeeper_process_s",
                "trailkeeper_cold_s", "trailkeeper_warm_s", "jq_s", "jq_over_cold", "target", "verdict",
                "same_answer"), out));
    }

    static void verdicts(PrintWriter out, List<Row> rows) {
        out.println();
        long fast = rows.stream().filter(Row::fastEnough).count();
        double slowest = rows.stream().mapToDouble(Row::speedUp).min().orElse(0);
        out.printf(Locale.ROOT, "target: each investigation at least %.0fx faster than jq: %s (%d of %d; the least"
                + " %,.0fx)%n", SPEED_UP_TARGET, fast == rows.size() ? "met" : "NOT MET", fast, rows.size(), slowest);
        for (Row r : rows) {
            if (r.question().underSecond()) {
                out.printf(Locale.ROOT, "target: %s under %.0f s: %s (%.3f s cold, %.3f s warm in this JVM; %.2f s"
                        + " as a new `trailkeeper investigate` process, JVM start included)%n", r.question().name(),
                        LATENCY_TARGET_SECONDS, r.quickEnough() ? "met" : "NOT MET", r.investigation().coldSeconds(),
                        r.investigation().warmMedianSeconds(), r.investigation().processSeconds());
            }
        }
        long differ = rows.stream().filter(r -> !r.agree()).count();
        out.println(differ == 0 ? "answers: jq and the investigations agree on every question"
                : "ANSWERS DIFFER on " + differ + " question(s): see the MISMATCH lines above");
        out.flush();
    }

    /** The cores and, where Linux tells it, the load: on a busy machine both sides are slower. */
    static String machine() {
        String load = "";
        try {
            java.nio.file.Path loadavg = java.nio.file.Path.of("/proc/loadavg");
            if (java.nio.file.Files.isReadable(loadavg)) {
                load = ", load average " + java.nio.file.Files.readString(loadavg).split(" ")[0]
                        + " at the start (other work running slows both sides)";
            }
        } catch (java.io.IOException e) {
            load = "";
        }
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores" + load;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
