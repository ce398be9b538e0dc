"""`inspect --server`: parse on the cluster too and report where the two parses differ."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nomadqemu.cli.errors import EXIT_FINDINGS, EXIT_OK, click_echo_err
from nomadqemu.goquote import go_quote


def server_variables(arg_vars: Sequence[str], var_files: Sequence[str]) -> str:
    """The endpoint takes var-file text only: files first, then `-var` values as strings."""
    from nomadqemu.jobspec.config import arg_var_pairs

    text = "".join(Path(f).read_text(encoding="utf-8") + "\n" for f in var_files)
    text += "".join(f"{k} = {go_quote(v)}\n" for k, v in arg_var_pairs(arg_vars).items())
    return text


def compare_with_server(
    flags: dict[str, Any],
    jobfile: str,
    arg_vars: Sequence[str],
    var_files: Sequence[str],
    local_json: str,
) -> int:
    from nomadqemu.api import endpoints
    from nomadqemu.api.client import NomadClient
    from nomadqemu.api.connection import resolve_connection
    from nomadqemu.api.errors import BadRequestError, NomadError
    from nomadqemu.api.parsediff import differences

    local = json.loads(local_json)["Job"]
    source = Path(jobfile).read_text(encoding="utf-8")
    try:
        with NomadClient(resolve_connection(flags, os.environ)) as client:
            server = endpoints.parse(client, source, server_variables(arg_vars, var_files)).data
    except BadRequestError as exc:
        sys.stdout.write(f"The cluster cannot parse {jobfile} (it parsed here):\n{exc.text}\n")
        return EXIT_FINDINGS
    except NomadError as exc:
        click_echo_err(f"Error querying the cluster's parser: {exc}")
        return EXIT_FINDINGS
    found = list(differences(local, server))
    if not found:
        sys.stdout.write(f"The cluster parses {jobfile} exactly as nomadqemu does.\n")
        return EXIT_OK
    sys.stdout.write(f"The cluster parses {jobfile} differently ({len(found)} difference(s)):\n")
    for difference in found:
        sys.stdout.write(f"  {difference.describe()}\n")
    return EXIT_FINDINGS
