package io.trailkeeper.audit.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a plan's script under bash with a fake {@code aws} (and {@code sleep}) first on the PATH: nothing reaches
 * AWS, and every invocation is recorded as bash passed it, with the content of each file:// argument read while it
 * exists. The fake answers the calls whose output the script captures (the account, a key ARN, a topic ARN).
 */
final class FakeAws {
    private static final String FAKE = """
            #!/bin/sh
            {
              printf 'CALL\\0'
              for a in "$@"; do
                case "$a" in
                  file://*)
                    f="${a#file://}"
                    if [ -f "$f" ]; then printf 'FILE\\0%s\\0' "$(cat "$f")"; else printf 'MISSING\\0%s\\0' "$f"; fi ;;
                  *) printf 'ARG\\0%s\\0' "$a" ;;
                esac
              done
            } >> "$FAKE_AWS_LOG"
            case "$1 $2" in
              "sts get-caller-identity") echo "$FAKE_AWS_ACCOUNT" ;;
              "kms create-key") echo "arn:aws:kms:us-east-1:$FAKE_AWS_ACCOUNT:key/11111111-2222-3333-4444-555555555555" ;;
              "sns create-topic") echo "arn:aws:sns:us-east-1:$FAKE_AWS_ACCOUNT:trailkeeper-alerts" ;;
            esac
            """;

    /** The script's exit code and output, and the aws invocations it made, in order. */
    record Run(int exitCode, String output, List<List<AwsCliCheck.Arg>> calls) {
    }

    private FakeAws() {
    }

    static Run run(Path dir, String script, String account, Map<String, String> extraEnv) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("aws"), FAKE);
        executable(bin.resolve("sleep"), "#!/bin/sh\nexit 0\n");
        Path file = dir.resolve("plan.sh");
        Files.writeString(file, script);
        Path log = dir.resolve("aws.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("FAKE_AWS_LOG", log.toString());
        env.put("FAKE_AWS_ACCOUNT", account);
        env.put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        Processes.Result r = Processes.run(dir, env, 60, "bash", file.toString());
        return new Run(r.exitCode(), r.output(), calls(Files.readString(log, StandardCharsets.UTF_8)));
    }

    private static List<List<AwsCliCheck.Arg>> calls(String log) {
        List<List<AwsCliCheck.Arg>> calls = new ArrayList<>();
        String[] fields = log.split("\0", -1);
        for (int i = 0; i < fields.length; i++) {
            switch (fields[i]) {
                case "CALL" -> calls.add(new ArrayList<>());
                case "ARG" -> calls.get(calls.size() - 1).add(new AwsCliCheck.Arg(fields[++i], false));
                case "FILE" -> calls.get(calls.size() - 1).add(new AwsCliCheck.Arg(fields[++i], true));
                case "MISSING" -> {
                    i++;
                    calls.get(calls.size() - 1).add(new AwsCliCheck.Arg(null, true));
                }
                case "" -> {
                }
                default -> throw new IllegalStateException("unreadable fake aws log near " + fields[i]);
            }
        }
        return calls;
    }

    private static void executable(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
