#!/usr/bin/env python3
"""Reads the final stage of a Dockerfile and prints the image configuration it declares as umoci config flags, one
per line, so that `make image` (scripts/image/build.sh) builds with umoci the image `docker build` would: the
Dockerfile stays the one place that says which user, ports, environment and entry point the image has.

The final stage may hold only instructions that set configuration or copy the file system that
scripts/image/rootfs.sh assembles; anything else (RUN, ADD, ...) is refused with its line number, since umoci
would silently leave it out.

    dockerfile-config.py exporter/Dockerfile
"""
import json
import shlex
import sys


def logical_lines(text):
    """Yields (line number, instruction line) with continuation lines joined and comments dropped."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, pending + line
        pending = ""
    if pending:
        yield start, pending


def pairs(arguments, where):
    result = []
    for word in shlex.split(arguments):
        if "=" not in word:
            sys.exit(f"{where}: '{word}' is not KEY=VALUE (the legacy 'ENV KEY VALUE' form is not read)")
        result.append(word)
    return result


def exec_form(arguments, where):
    try:
        value = json.loads(arguments)
    except json.JSONDecodeError as error:
        sys.exit(f"{where}: only the JSON (exec) form is read: {error}")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        sys.exit(f"{where}: expected a JSON array of strings")
    return value


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: dockerfile-config.py DOCKERFILE")
    path = sys.argv[1]
    with open(path, encoding="utf-8") as file:
        lines = list(logical_lines(file.read()))
    final = max((i for i, (_, line) in enumerate(lines) if line.split()[0].upper() == "FROM"), default=None)
    if final is None:
        sys.exit(f"{path}: no FROM line")
    flags = []
    for number, line in lines[final + 1:]:
        where = f"{path}:{number}"
        instruction, _, arguments = line.partition(" ")
        instruction, arguments = instruction.upper(), arguments.strip()
        if instruction == "ENV":
            flags += [f"--config.env={pair}" for pair in pairs(arguments, where)]
        elif instruction == "LABEL":
            flags += [f"--config.label={pair}" for pair in pairs(arguments, where)]
        elif instruction == "USER":
            flags.append(f"--config.user={arguments}")
        elif instruction == "WORKDIR":
            flags.append(f"--config.workingdir={arguments}")
        elif instruction == "EXPOSE":
            flags += [f"--config.exposedports={port if '/' in port else port + '/tcp'}" for port in arguments.split()]
        elif instruction == "VOLUME":
            volumes = exec_form(arguments, where) if arguments.startswith("[") else arguments.split()
            flags += [f"--config.volume={volume}" for volume in volumes]
        elif instruction == "ENTRYPOINT":
            flags += [f"--config.entrypoint={word}" for word in exec_form(arguments, where)]
        elif instruction == "CMD":
            flags += [f"--config.cmd={word}" for word in exec_form(arguments, where)]
        elif instruction == "STOPSIGNAL":
            flags.append(f"--config.stopsignal={arguments}")
        elif instruction in ("COPY", "HEALTHCHECK"):
            # COPY: the file system comes from rootfs.sh. HEALTHCHECK: Docker's own format only, not OCI's.
            continue
        else:
            sys.exit(f"{where}: {instruction} in the final stage cannot be reproduced without Docker")
    print("\n".join(flags))


if __name__ == "__main__":
    main()
