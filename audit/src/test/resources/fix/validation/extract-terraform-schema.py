#!/usr/bin/env python3
"""Extracts, for the resource types TrailKeeper's fix plan uses, the hashicorp/aws provider's schema (argument
names, whether each is required, optional or computed only, nested blocks with their nesting and item counts) into
terraform-aws-schema.json.

Source: `terraform providers schema -json` of the hashicorp/aws provider (MPL-2.0), in a folder initialised with
a local plugin directory: python3 extract-terraform-schema.py /opt/tf-plugins > terraform-aws-schema.json
"""
import json
import os
import subprocess
import sys
import tempfile

TYPES = ["aws_cloudtrail", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target",
         "aws_cloudwatch_log_group", "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm",
         "aws_iam_role", "aws_iam_role_policy", "aws_kms_alias", "aws_kms_key", "aws_s3_bucket",
         "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_logging", "aws_s3_bucket_object_lock_configuration",
         "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
         "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_sns_topic",
         "aws_sns_topic_policy", "aws_sns_topic_subscription", "aws_cloudtrail_event_data_store"]


def block(b):
    out = {"attributes": {}, "blocks": {}}
    for name, a in sorted(b.get("attributes", {}).items()):
        kind = "required" if a.get("required") else "optional" if a.get("optional") else "computed"
        out["attributes"][name] = kind
    for name, nb in sorted(b.get("block_types", {}).items()):
        out["blocks"][name] = {"nesting": nb["nesting_mode"], "min": nb.get("min_items", 0),
                               "max": nb.get("max_items", 0), "block": block(nb["block"])}
    return out


def main():
    plugins = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "main.tf"), "w") as f:
            f.write('terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n')
        subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-plugin-dir=" + plugins],
                       cwd=work, check=True, capture_output=True)
        schema = json.loads(subprocess.run(["terraform", "providers", "schema", "-json"], cwd=work, check=True,
                                           capture_output=True, text=True).stdout)
        version = subprocess.run(["terraform", "version", "-json"], cwd=work, check=True, capture_output=True,
                                 text=True).stdout
    provider = schema["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    versions = json.loads(version).get("provider_selections", {})
    out = {
        "source": "terraform providers schema -json, hashicorp/aws "
                  + versions.get("registry.terraform.io/hashicorp/aws", "?"),
        "licence": "the hashicorp/aws provider is MPL-2.0",
        "regenerate": "python3 extract-terraform-schema.py /opt/tf-plugins > terraform-aws-schema.json",
        "provider": block(provider["provider"]["block"]),
        "resources": {t: block(provider["resource_schemas"][t]["block"]) for t in TYPES},
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
