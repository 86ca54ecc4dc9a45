package io.trailkeeper.detect;

/**
 * A rule that cannot be used, and why: never ignored silently. {@code line} is 0 when the problem is the whole
 * file.
 */
public record RuleProblem(String source, int line, String reason) {
    /** file:line: reason, as compilers write it. */
    public String describe() {
        return source + (line > 0 ? ":" + line : "") + ": " + reason;
    }
}
