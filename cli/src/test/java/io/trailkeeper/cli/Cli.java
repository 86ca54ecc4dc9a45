package io.trailkeeper.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process with captured output, as a user would type it. */
final class Cli {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(Path store, String... args) {
        return runAt(CLOCK, store, args);
    }

    /** As {@link #run}, with the program's clock at another instant (a scenario's "now"). */
    static Result runAt(Clock clock, Path store, String... args) {
        List<String> all = new ArrayList<>();
        if (store != null) {
            all.add("--store");
            all.add(store.toString());
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), clock);
        return new Result(code, out.toString(), err.toString());
    }

    static Path shared(String relative) {
        return Path.of(System.getProperty("trailkeeper.shared", "../../shared"), "data", relative);
    }
}
