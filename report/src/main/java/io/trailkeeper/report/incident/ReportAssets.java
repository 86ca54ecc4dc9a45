package io.trailkeeper.report.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scripts the HTML report inlines, read once from the classpath: Apache ECharts as the build copied it
 * from the npm registry (report/pom.xml), with its version and the licence texts its bundle must carry, and
 * the report's own chart script. Each script is checked to be safe inside a {@code <script>} element and
 * has its CSP hash.
 */
final class ReportAssets {
    private static final String DIR = "/io/trailkeeper/report/incident/";
    private static ReportAssets instance;

    final String echarts;
    final String echartsVersion;
    final String chartScript;
    /** Licence file name to text: ECharts' LICENSE and NOTICE, d3's and zrender's BSD licences. */
    final Map<String, String> licences = new LinkedHashMap<>();

    private ReportAssets() {
        echarts = script("echarts.min.js");
        chartScript = script("incident-charts.js");
        try {
            echartsVersion = new ObjectMapper().readTree(read("package.json")).path("version").asText("unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        licences.put("Apache ECharts: LICENSE", read("LICENSE"));
        licences.put("Apache ECharts: NOTICE", read("NOTICE"));
        licences.put("d3 (parts included in Apache ECharts): LICENSE", read("licenses/LICENSE-d3"));
        licences.put("zrender (included in Apache ECharts): LICENSE", read("zrender/LICENSE"));
    }

    /** The assets, read on first use (a missing resource fails each use with its explanation). */
    static synchronized ReportAssets get() {
        if (instance == null) {
            instance = new ReportAssets();
        }
        return instance;
    }

    /** The CSP source that allows exactly this inline script: {@code 'sha256-<base64>'}. */
    static String hash(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /**
     * A script read as it will be inlined. The HTML parser would end the element at {@code </script}, treat
     * {@code <!--} with {@code <script} specially, and turn CR LF into LF (which changes the hash): a script
     * holding any of them is refused rather than inlined.
     */
    private static String script(String name) {
        String text = read(name);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("<!--") || lower.contains("<script")
                || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            throw new IllegalStateException(DIR + name + " cannot be inlined in the HTML report: it holds </script,"
                    + " <!--, <script, a CR or a NUL character");
        }
        return text;
    }

    private static String read(String name) {
        try (InputStream in = ReportAssets.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + DIR + name + " is missing: the report module was"
                        + " built without Apache ECharts. Build it with Maven (mvn -pl report package), which runs"
                        + " npm ci and copies the library (report/pom.xml)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
