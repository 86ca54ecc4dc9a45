package io.trailkeeper.events;

import java.util.Objects;

/**
 * A failure with what went wrong, where, and how to fix it, for people. The command line prints
 * {@link #getMessage()} and {@link #hint()} and exits with the code's exit code; the stack trace only with -x.
 */
public class TrailKeeperException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String hint;

    public TrailKeeperException(ErrorCode code, String message, String hint) {
        this(code, message, hint, null);
    }

    public TrailKeeperException(ErrorCode code, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message), cause);
        this.code = Objects.requireNonNull(code);
        this.hint = hint;
    }

    public ErrorCode code() {
        return code;
    }

    /** How to fix it, or null when there is nothing to add. */
    public String hint() {
        return hint;
    }
}
