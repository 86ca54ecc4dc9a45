package io.trailkeeper.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * One titled part of a command's table output, as the demo reads it back: a title line, then lines until a blank
 * one.
 */
record OutputBlock(String title, List<String> lines) {
    static List<OutputBlock> of(String output) {
        List<OutputBlock> blocks = new ArrayList<>();
        List<String> current = null;
        String title = null;
        for (String line : output.lines().toList()) {
            if (line.isBlank()) {
                if (title != null) {
                    blocks.add(new OutputBlock(title, current));
                }
                title = null;
            } else if (title == null) {
                title = line;
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        if (title != null) {
            blocks.add(new OutputBlock(title, current));
        }
        return blocks;
    }
}
