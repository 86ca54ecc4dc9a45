package io.trailkeeper.detect.alert;

/** An alert a sink could not deliver, and whether a later attempt may succeed. */
public class AlertDeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public AlertDeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public AlertDeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when the destination was unavailable (busy, down, unreachable); false when it refused the alert. */
    public boolean retryable() {
        return retryable;
    }
}
