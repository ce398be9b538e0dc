"""The client agent settings `run` honours, from HCL and JSON agent files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nomadqemu.clientconfig.agent import (
    ClientConfigError,
    load_client_config,
    parse_duration,
)

HCL = """
data_dir   = "/var/lib/nomad"
datacenter = "lab"
client {
  enabled    = true
  node_class = "vm"
  meta {
    rack = "r2"
  }
  max_kill_timeout = "1m30s"
}
plugin "qemu" {
  config {
    image_paths         = ["/srv/images", "/mnt/vm"]
    args_allowlist      = ["-snapshot"]
    emulators_allowlist = ["x86_64"]
  }
}
"""


def test_hcl_agent_file(tmp_path: Path) -> None:
    pytest.importorskip("tree_sitter_hcl")
    path = tmp_path / "client.hcl"
    path.write_text(HCL)
    config = load_client_config(path)
    assert config.image_paths == ("/srv/images", "/mnt/vm")
    assert config.args_allowlist == ("-snapshot",)
    assert config.emulators_allowlist == ("x86_64",)
    assert config.alloc_base == Path("/var/lib/nomad/alloc")
    assert (config.datacenter, config.node_class, dict(config.meta)) == (
        "lab",
        "vm",
        {"rack": "r2"},
    )
    assert config.max_kill_timeout_s == 90


def test_json_agent_file_and_alloc_dir(tmp_path: Path) -> None:
    path = tmp_path / "client.json"
    path.write_text(
        json.dumps(
            {
                "data_dir": "/d",
                "client": [{"alloc_dir": "/allocs"}],
                "plugin": [{"qemu": [{"config": [{"image_paths": ["/i"]}]}]}],
            }
        )
    )
    config = load_client_config(path)
    assert config.image_paths == ("/i",)
    assert config.alloc_base == Path("/allocs")
    assert config.max_kill_timeout_s == 30


def test_unknown_plugin_key_and_non_literal_values(tmp_path: Path) -> None:
    pytest.importorskip("tree_sitter_hcl")
    bad_key = tmp_path / "a.hcl"
    bad_key.write_text('plugin "qemu" {\n  config {\n    image_path = ["/x"]\n  }\n}\n')
    with pytest.raises(ClientConfigError, match='No argument or block type is named "image_path"'):
        load_client_config(bad_key)
    dynamic = tmp_path / "b.hcl"
    dynamic.write_text('data_dir = upper("x")\n')
    with pytest.raises(ClientConfigError, match=r"b\.hcl:1:12: data_dir must be a literal value"):
        load_client_config(dynamic)
    with pytest.raises(ClientConfigError, match=r"missing\.hcl"):
        load_client_config(tmp_path / "missing.hcl")


def test_durations() -> None:
    assert parse_duration("30s") == 30
    assert parse_duration("1h2m3s") == 3723
    assert parse_duration("250ms") == 0.25
    for bad in ("", "30", "1x", "s30"):
        with pytest.raises(ClientConfigError):
            parse_duration(bad)
