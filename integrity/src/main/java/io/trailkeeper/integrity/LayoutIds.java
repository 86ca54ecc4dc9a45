package io.trailkeeper.integrity;

import java.util.regex.Pattern;

/**
 * The folder names CloudTrail writes under {@code AWSLogs/}: account ids and organization ids. collect, verify and
 * watch walk the same folders and pass over the same others.
 */
public final class LayoutIds {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    // AWS documents o- and 10 to 32 characters; shorter ids are accepted so that hand-made layouts work too
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{1,32}");

    private LayoutIds() {
    }

    public static boolean isAccount(String name) {
        return ACCOUNT.matcher(name).matches();
    }

    public static boolean isOrganization(String name) {
        return ORGANIZATION.matcher(name).matches();
    }
}
