#!/usr/bin/env python3
"""Extracts, for the resource types TrailKeeper's fix plan uses, the CloudFormation resource schemas' property
names, types, enums and required flags, and the attributes Fn::GetAtt may read, into cloudformation-spec.json.

Source: the CloudFormation resource provider schemas (us-east-1) as bundled, with its patches, by cfn-lint
(pip package cfn-lint, MIT-0; the schemas are published by AWS). Run: python3 extract-cloudformation-spec.py
"""
import importlib.metadata
import json
import sys

from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

TYPES = ["AWS::CloudTrail::Trail", "AWS::CloudWatch::Alarm", "AWS::Events::Rule", "AWS::IAM::Role",
         "AWS::KMS::Alias", "AWS::KMS::Key", "AWS::Logs::LogGroup", "AWS::Logs::MetricFilter", "AWS::S3::Bucket",
         "AWS::S3::BucketPolicy", "AWS::SNS::Subscription", "AWS::SNS::Topic", "AWS::SNS::TopicPolicy"]


def describe(type_name, schema, prop, definitions, path):
    if "$ref" in prop:
        name = prop["$ref"].split("/")[-1]
        key = type_name + "." + name
        if key not in definitions:
            definitions[key] = None
            definitions[key] = structure(type_name, schema, schema["definitions"][name], definitions, key)
        if definitions[key] is None or definitions[key].get("json"):
            return {"type": "json"}
        return {"type": "object", "ref": key}
    t = prop.get("type")
    if isinstance(t, list):
        return {"type": "json" if "object" in t else "scalar"}
    if t == "array":
        return {"type": "array", "items": describe(type_name, schema, prop.get("items", {}), definitions, path)}
    if t == "object":
        if "properties" not in prop:
            return {"type": "json"}
        definitions[path] = structure(type_name, schema, prop, definitions, path)
        return {"type": "object", "ref": path}
    if t in ("string", "integer", "number", "boolean"):
        out = {"type": t}
        if "enum" in prop:
            out["enum"] = prop["enum"]
        return out
    return {"type": "any"}


def structure(type_name, schema, node, definitions, path):
    if node.get("type") not in (None, "object") or "properties" not in node:
        return {"json": True} if "properties" not in node else None
    props = {}
    for name, prop in sorted(node["properties"].items()):
        props[name] = describe(type_name, schema, prop, definitions, path + "." + name)
    return {"properties": props, "required": sorted(node.get("required", []))}


def main():
    out = {
        "source": "CloudFormation resource provider schemas (us-east-1) as bundled with cfn-lint "
                  + importlib.metadata.version("cfn-lint"),
        "licence": "cfn-lint is MIT-0; the schemas are Amazon Web Services' published resource schemas",
        "regenerate": "python3 extract-cloudformation-spec.py > cloudformation-spec.json",
        "resourceTypes": {},
        "definitions": {},
    }
    for type_name in TYPES:
        s = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", type_name)
        schema = s.schema
        read_only = {p.split("/")[-1] for p in schema.get("readOnlyProperties", []) if p.count("/") == 2}
        node = structure(type_name, schema, schema, out["definitions"], type_name)
        for name in read_only:
            if name in node["properties"]:
                node["properties"][name]["readOnly"] = True
        node["attributes"] = sorted(s.get_atts.keys())
        out["resourceTypes"][type_name] = node
    out["definitions"] = {k: v for k, v in sorted(out["definitions"].items()) if v and not v.get("json")}
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


main()
