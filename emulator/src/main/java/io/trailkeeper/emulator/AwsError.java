package io.trailkeeper.emulator;

/**
 * An error answer as AWS gives it: HTTP status, error code (the SDK picks its exception class by it) and
 * message. Thrown by the service handlers and rendered in the protocol of the call ({@link Call#error}).
 */
final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    AwsError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** A 400 for a request the caller must change. */
    static AwsError badRequest(String code, String message) {
        return new AwsError(400, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Whether the fault is the caller's (Sender) or the service's (Receiver), as query errors say. */
    boolean senderFault() {
        return status < 500;
    }
}
