package io.trailkeeper.detect.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each alert as one line of JSON ({@link Alert#toJson()}) to a file, created if missing. The file is
 * opened for each alert and the line written in one call, so another program may rotate or tail it.
 */
public final class JsonLinesSink implements AlertSink {
    private final Path file;

    public JsonLinesSink(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return "jsonl:" + file.toAbsolutePath().normalize();
    }

    @Override
    public void send(Alert alert) {
        byte[] line = (alert.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new AlertDeliveryException("cannot append the alert to " + file + ": " + e.getMessage()
                    + "; check that the folder exists and is writable", true, e);
        }
    }
}
