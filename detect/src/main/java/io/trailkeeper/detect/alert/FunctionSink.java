package io.trailkeeper.detect.alert;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hands each alert's JSON ({@link Alert#toMessageJson()}: within SNS's 256 KB) to a transport that lives elsewhere, such as an SNS topic
 * (the aws module's {@code SnsPublisher}, which this module cannot depend on):
 * {@code new FunctionSink("sns:" + topicArn, json -> publisher.publish(topicArn, json))}.
 * The transport throws when it could not deliver; {@link AlertDeliveryException} says whether to retry.
 */
public final class FunctionSink implements AlertSink {
    private final String name;
    private final Consumer<String> transport;

    public FunctionSink(String name, Consumer<String> transport) {
        this.name = Objects.requireNonNull(name, "name");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert) {
        transport.accept(alert.toMessageJson());
    }
}
