package io.trailkeeper.audit.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Terraform plans are valid configuration: each parses with a strict HCL parser and passes a check against the
 * hashicorp/aws provider schema ({@link TerraformCheck}); where terraform and the provider plugin are installed
 * (a plugin directory: system property {@code trailkeeper.tf.plugins}, default /opt/tf-plugins), {@code terraform
 * validate} accepts them and {@code terraform fmt} would not change them. Nothing is downloaded.
 */
class TerraformConfigTest {
    static List<Arguments> configurations() {
        List<Arguments> out = new ArrayList<>();
        for (Situations s : Situations.values()) {
            if (!s.plan().nothingToFix()) {
                out.add(Arguments.of(s.name, s.plan().render(FixPlan.Format.TERRAFORM)));
            }
        }
        Situations.variants().forEach((name, plan) -> out.add(Arguments.of(name,
                plan.render(FixPlan.Format.TERRAFORM))));
        out.add(Arguments.of("event-data-store", LakePlanTest.storeImportedByTerraform()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void configurationPassesTheSchemaCheck(String name, String hcl) {
        assertEquals(List.of(), TerraformCheck.check(hcl), name);
    }

    @Test
    void nothingToFixIsOnlyComments() {
        String text = Situations.ALL_PASS.plan().render(FixPlan.Format.TERRAFORM);
        assertTrue(text.lines().allMatch(l -> l.startsWith("#")), text);
        assertEquals(new HclParser.Body(List.of(), List.of()), HclParser.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void theCheckCatches(String mistake, String from, String to, String expected) {
        String good = Situations.WEAK_TRAIL.plan().render(FixPlan.Format.TERRAFORM);
        assertTrue(good.contains(from), from);
        List<String> problems = TerraformCheck.check(good.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), mistake + ": " + problems);
    }

    static List<Arguments> mistakes() {
        return List.of(
                Arguments.of("an unknown resource type", "\"aws_cloudtrail\" \"trail\"", "\"aws_cloud_trail\" \"trail\"",
                        "aws_cloud_trail is not a resource type"),
                Arguments.of("an unknown argument", "is_multi_region_trail", "multi_region_trail",
                        "resource aws_cloudtrail.trail.multi_region_trail (line"),
                Arguments.of("a computed attribute set", "  name = \"trailkeeper-alerts\"",
                        "  name = \"trailkeeper-alerts\"\n  arn = \"x\"", "is computed by the provider"),
                Arguments.of("a missing required argument", "  s3_bucket_name                = aws_s3_bucket.trail.id\n",
                        "", "aws_cloudtrail.trail.s3_bucket_name: is required"),
                Arguments.of("an unknown nested block", "default_retention {", "retention {",
                        "rule.retention (line"),
                Arguments.of("a missing required block", "    default_retention {\n      mode = \"COMPLIANCE\"\n"
                        + "      days = 365\n    }\n", "", "default_retention: needs at least 1"),
                Arguments.of("a reference to no resource", "aws_s3_bucket.access_logs.id",
                        "aws_s3_bucket.access_log.id", "aws_s3_bucket.access_log is not a resource"),
                Arguments.of("a reference to no attribute", "aws_kms_key.trail.arn", "aws_kms_key.trail.key_arn",
                        "aws_kms_key has no attribute key_arn"),
                Arguments.of("an undeclared variable", "var.alert_email", "var.alerts_email",
                        "var.alerts_email is not a declared variable"),
                Arguments.of("depends_on naming nothing", "depends_on = [aws_s3_bucket_versioning.trail]",
                        "depends_on = [aws_s3_bucket_versioning.trails]", "is not a resource of this configuration"),
                Arguments.of("an unknown function", "jsonencode(", "json_encode(", "json_encode is not a function"),
                Arguments.of("a block given twice where one is allowed",
                        "  versioning_configuration {\n    status = \"Enabled\"\n  }\n",
                        "  versioning_configuration {\n    status = \"Enabled\"\n  }\n"
                                + "  versioning_configuration {\n    status = \"Enabled\"\n  }\n", "at most 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a = \"open\n", "resource \"x\" \"y\" {\n  a = 1 + 2\n}\n", "a b {\n", "a = [1 2]\n",
        "resource \"x\" {\n  b = \"\\q\"\n}\n", "block { a = 1 }\n"})
    void theParserRefusesWhatIsNotHcl(String text) {
        assertThrows(IllegalArgumentException.class, () -> HclParser.parse(text));
    }

    @Test
    void theParserReadsHeredocsAndInterpolation() {
        HclParser.Body body = HclParser.parse("x \"y\" {\n  a = <<-EOT\n    hello ${var.name}\n  EOT\n"
                + "  b = \"${aws_s3_bucket.b.arn}/*\" # comment\n  c = { \"k:1\" = [1, true, null], d = \"$${x}\" }\n}\n");
        HclParser.Body inner = body.blocks().get(0).body();
        assertEquals(List.of("a", "b", "c"), inner.attributes().stream().map(HclParser.Attribute::name).toList());
        assertTrue(inner.attributes().get(1).value() instanceof HclParser.Template t
                && t.parts().get(0) instanceof HclParser.Traversal r && r.root().equals("aws_s3_bucket"));
    }

    @Test
    void terraformValidatesEveryConfiguration(@TempDir Path dir) throws Exception {
        Path plugins = Path.of(System.getProperty("trailkeeper.tf.plugins", "/opt/tf-plugins"));
        Assumptions.assumeTrue(Processes.available("terraform", "version"), "terraform is not installed here");
        Assumptions.assumeTrue(Files.isDirectory(plugins.resolve("registry.terraform.io/hashicorp/aws")),
                "no hashicorp/aws provider plugin in " + plugins);
        // One root module calling each configuration as a module, so that terraform loads the provider once; the
        // modules' own provider blocks (checked by TerraformCheck) would each start a provider process.
        Path modules = Files.createDirectories(dir.resolve("validate"));
        Path originals = Files.createDirectories(dir.resolve("fmt"));
        List<Object> root = new ArrayList<>(List.of(new HclWriter.Block("provider", List.of("aws"),
                List.of(new HclWriter.Attr("region", "us-east-1")))));
        for (Arguments a : configurations()) {
            String name = ((String) a.get()[0]).replace('-', '_');
            String hcl = (String) a.get()[1];
            Files.writeString(originals.resolve(name + ".tf"), hcl);
            Files.createDirectories(modules.resolve(name));
            // import blocks are allowed only in a root module: such a configuration is validated as one below
            Files.writeString(modules.resolve(name).resolve("main.tf"), hcl
                    .replaceAll("(?s)\nprovider \"aws\" \\{\n.*?\n}\n", "\n")
                    .replaceAll("(?s)\nimport \\{\n.*?\n}\n", "\n"));
            if (hcl.contains("\nimport {\n")) {
                Files.createDirectories(dir.resolve("roots").resolve(name));
                Files.writeString(dir.resolve("roots").resolve(name).resolve("main.tf"), hcl);
            }
            List<Object> body = new ArrayList<>(List.of(new HclWriter.Attr("source", "./" + name)));
            for (HclParser.Block b : HclParser.parse(hcl).blocks()) {
                boolean required = b.type().equals("variable")
                        && b.body().attributes().stream().noneMatch(x -> x.name().equals("default"));
                if (required) {
                    body.add(new HclWriter.Attr(b.labels().get(0), b.labels().get(0).equals("alert_email")
                            ? "alerts@example.com" : "arn:aws:iam::111122223333:role/BreakGlass"));
                }
            }
            root.add(new HclWriter.Block("module", List.of(name), body));
        }
        Files.writeString(modules.resolve("main.tf"), HclWriter.write(root));
        Path data = dir.resolve("terraform-data");
        Map<String, String> env = Map.of("TF_CLI_CONFIG_FILE", "/dev/null", "TF_DATA_DIR", data.toString());
        try {
            Processes.Result init = Processes.run(modules, env, 120, "terraform", "init", "-backend=false",
                    "-input=false", "-no-color", "-plugin-dir=" + plugins);
            assertEquals(0, init.exitCode(), init.output());
            Processes.Result validate = Processes.run(modules, env, 120, "terraform", "validate", "-no-color");
            assertEquals(0, validate.exitCode(), validate.output());
            assertTrue(validate.output().contains("The configuration is valid"), validate.output());
            assertTrue(!validate.output().contains("Warning"), validate.output());
            Path rootsDir = Files.createDirectories(dir.resolve("roots"));
            try (var roots = Files.list(rootsDir)) {
                for (Path own : roots.toList()) {
                    Processes.Result rootInit = Processes.run(own, env, 120, "terraform", "init", "-backend=false",
                            "-input=false", "-no-color", "-plugin-dir=" + plugins);
                    assertEquals(0, rootInit.exitCode(), rootInit.output());
                    Processes.Result rootValidate = Processes.run(own, env, 120, "terraform", "validate", "-no-color");
                    assertEquals(0, rootValidate.exitCode(), own + ": " + rootValidate.output());
                    assertTrue(!rootValidate.output().contains("Warning"), rootValidate.output());
                }
            }
            Processes.Result fmt = Processes.run(originals, env, 60, "terraform", "fmt", "-check", "-no-color");
            assertEquals(0, fmt.exitCode(), "terraform fmt would change: " + fmt.output());
        } finally {
            // init links the plugin into the data folder; unlink it before the folder is deleted.
            try (var paths = Files.walk(data)) {
                for (Path p : paths.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(p);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // init never ran
            }
        }
    }
}
