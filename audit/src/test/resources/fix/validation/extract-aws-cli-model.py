#!/usr/bin/env python3
"""Extracts from the AWS CLI's own command tables (awscli, Apache-2.0, with the botocore service models it ships,
Apache-2.0) what the fix plan's scripts need to be checked offline: every command of each service they use, and for
each command they run its options (name, type, required) and the shape of structured values (members, types,
required members, enums). Commands are read from the scripts given:

    python3 extract-aws-cli-model.py ../golden/*.sh > aws-cli-model.json
"""
import importlib.metadata
import json
import re
import sys

from awscli.clidriver import create_clidriver

COMMAND = re.compile(r"\baws ([a-z0-9-]+) ([a-z0-9-]+)")


def shape(model, shapes, service):
    t = model.type_name
    if t == "structure":
        key = service + ":" + model.name
        if key not in shapes:
            shapes[key] = None
            shapes[key] = {"type": "structure", "required": sorted(model.required_members),
                           "members": {n: shape(m, shapes, service) for n, m in model.members.items()}}
        return {"ref": key}
    if t == "list":
        return {"type": "list", "member": shape(model.member, shapes, service)}
    if t == "map":
        return {"type": "map", "value": shape(model.value, shapes, service)}
    out = {"type": t}
    if getattr(model, "enum", None):
        out["enum"] = list(model.enum)
    return out


def main():
    used = {}
    for path in sys.argv[1:]:
        with open(path) as f:
            for service, command in COMMAND.findall(f.read()):
                used.setdefault(service, set()).add(command)
    driver = create_clidriver()
    table = driver._get_command_table()
    shapes = {}
    services = {}
    for service in sorted(used):
        commands = table[service]._get_command_table()
        detail = {}
        for name in sorted(used[service]):
            options = {}
            for arg_name, arg in commands[name].arg_table.items():
                if arg_name in ("cli-input-json", "cli-input-yaml", "generate-cli-skeleton"):
                    continue
                option = {"type": arg.cli_type_name, "required": bool(arg.required)}
                model = getattr(arg, "argument_model", None)
                if model is not None and model.type_name in ("structure", "list", "map"):
                    option["shape"] = shape(model, shapes, service)
                options[arg_name] = option
            detail[name] = options
        services[service] = {"commands": sorted(commands.keys()), "options": detail}
    flags = sorted(n for n, a in driver._get_argument_table().items()
                   if getattr(a, "_action", None) in ("store_true", "store_false"))
    out = {
        "source": "the AWS CLI's command tables: awscli " + importlib.metadata.version("awscli")
                  + ", botocore " + importlib.metadata.version("botocore"),
        "licence": "awscli and botocore are Apache-2.0",
        "regenerate": "python3 extract-aws-cli-model.py ../golden/*.sh > aws-cli-model.json",
        "globalOptions": sorted(driver._get_argument_table().keys()),
        "globalFlags": flags,
        "services": services,
        "shapes": {k: v for k, v in sorted(shapes.items())},
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
