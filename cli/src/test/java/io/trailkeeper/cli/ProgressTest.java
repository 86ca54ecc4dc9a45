package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The bar of a pass over stored events (detect): how many of how many, on a terminal only. */
class ProgressTest {
    @Test
    void aPassOverEventsShowsHowManyOfHowManyAndClearsItsLine() {
        StringWriter text = new StringWriter();
        Progress bar = new Progress(new PrintWriter(text), true);
        bar.start(0, 2_000_000);
        bar.events(500_000);
        String line = text.toString();
        assertTrue(line.startsWith("\r[========                      ]  25%  500,000/2,000,000 events  "), line);
        bar.events(600_000); // within 200 ms of the last line: not drawn again
        assertEquals(line, text.toString());
        bar.clear();
        assertTrue(text.toString().endsWith("\r" + " ".repeat(100) + "\r"));
    }

    @Test
    void nothingIsDrawnWhenTheErrorsAreNotATerminal() {
        StringWriter text = new StringWriter();
        Progress bar = new Progress(new PrintWriter(text), false);
        bar.start(0, 10);
        bar.events(5);
        bar.clear();
        assertEquals("", text.toString());
    }
}
