package io.trailkeeper.detect.alert;

import java.io.PrintWriter;

/** Prints each alert as its one-line {@link Alert#text()} to a writer (the command's standard output). */
public final class StdoutSink implements AlertSink {
    private final PrintWriter out;

    public StdoutSink(PrintWriter out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void send(Alert alert) {
        out.println(alert.text());
        out.flush();
        if (out.checkError()) {
            throw new AlertDeliveryException("cannot write alerts to the standard output", true);
        }
    }
}
