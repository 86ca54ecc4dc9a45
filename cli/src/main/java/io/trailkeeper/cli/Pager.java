package io.trailkeeper.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Sends a long table to $PAGER (default {@code less -FRSX}, which quits at once when the output fits the
 * screen) when writing to a terminal; otherwise writes straight through.
 */
final class Pager implements AutoCloseable {
    private final Process process;
    private final PrintWriter out;
    private final OutputStream stream;

    private Pager(Process process, PrintWriter out, OutputStream stream) {
        this.process = process;
        this.out = out;
        this.stream = stream;
    }

    static Pager open(PrintWriter direct, boolean wanted) {
        if (wanted) {
            String pager = System.getenv("PAGER");
            String command = pager == null || pager.isBlank() ? "less -FRSX" : pager;
            try {
                Process p = new ProcessBuilder("sh", "-c", command)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                OutputStream s = p.getOutputStream();
                return new Pager(p, new PrintWriter(s, false, StandardCharsets.UTF_8), s);
            } catch (IOException e) {
                // no pager on this machine: print directly
            }
        }
        OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) {
                direct.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                direct.write(new String(b, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                direct.flush();
            }
        };
        return new Pager(null, direct, stream);
    }

    PrintWriter out() {
        return out;
    }

    OutputStream stream() {
        return stream;
    }

    @Override
    public void close() {
        out.flush();
        if (process != null) {
            out.close();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
