package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintableTextTest {
    @Test
    void controlCharactersBecomeSpacesOnOneLine() {
        assertEquals(" [2J ]8;;http://evil/ click ]8;;  2J nul after a b c",
                PrintableText.line("\u001b[2J\u001b]8;;http://evil/\u0007click\u001b]8;;\u0007\u009b2J nul\u0000after"
                        + " a\r\nb\nc"));
    }

    @Test
    void formatAndSeparatorCharactersBecomeQuestionMarks() {
        assertEquals("admin?gpj.exe ?a? z?w?j ?x?y? ??", PrintableText.line(
                "admin\u202Egpj.exe \u2067a\u2069 z\u200Bw\u200Dj \u00ADx\u2028y\u2029 \uDB40\uDC01\uDB40\uDC41"));
    }

    @Test
    void printableTextIsReturnedAsItIs() {
        String text = "DeleteBucket \"a'b\\c\" <b> \u00e9t\u00e9 \uD83D\uDE00 \u4e2d\u6587 \u05e9\u05dc\u05d5\u05dd";
        assertTrue(PrintableText.clean(text));
        assertSame(text, PrintableText.line(text));
        assertFalse(PrintableText.clean("a\u202Eb"));
        assertNull(PrintableText.line(null));
    }
}
