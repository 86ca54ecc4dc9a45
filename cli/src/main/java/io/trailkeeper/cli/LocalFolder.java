package io.trailkeeper.cli;

import java.nio.file.Path;

/**
 * An option that takes a local folder only. Given {@code s3://bucket/prefix}, picocli's Path is the relative
 * path {@code s3:/bucket/prefix}: the command would write a folder named {@code s3:} in the working directory
 * while the user looks for the files in the bucket. Such a URL is refused instead, saying what to do.
 */
final class LocalFolder {
    private LocalFolder() {
    }

    /**
     * @param option  the option's name, as the user typed it
     * @param given   its value
     * @param instead what to do instead, a sentence without its full stop
     * @throws IllegalArgumentException (a usage error) when {@code given} is a URL (a scheme of two letters or more)
     */
    static void refuseUrl(String option, Path given, String instead) {
        if (given == null) {
            return;
        }
        String text = given.toString();
        if (text.matches("[A-Za-z][A-Za-z0-9+.-]+:[/\\\\].*")) {
            String url = text.replaceFirst(":[/\\\\]+", "://");
            throw new IllegalArgumentException(option + " " + url + ": a local folder is needed here, not a URL; "
                    + instead);
        }
    }
}
