package io.trailkeeper.store.lake;

import io.trailkeeper.events.ErrorCode;
import java.io.IOException;

/**
 * A lake that could not be used at all: its store refused the credentials or the call, could not be reached, or does
 * not exist (an S3 bucket). Its message says what was done, where and why; {@link #code} is the failure's error code
 * (TK-301 to TK-303, as every AWS failure is told), not a write failure of the store's, and {@link #hint} how to fix
 * it.
 */
public final class LakeAccessException extends IOException {
    private final ErrorCode code;
    private final String hint;

    public LakeAccessException(String message, ErrorCode code, String hint, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.hint = hint;
    }

    public ErrorCode code() {
        return code;
    }

    /** How to fix it, or null when the message says it all. */
    public String hint() {
        return hint;
    }
}
