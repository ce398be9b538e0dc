"""Decoding job bodies into the sparse API job: names, blocks, conversions, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from nomadqemu.jobspec.errors import JobspecError
from nomadqemu.jobspec.load import load_job
from tests.jobspec.helpers import in_task, parse_text, task_of


def error_of(text: str) -> JobspecError:
    with pytest.raises(JobspecError) as caught:
        parse_text(text)
    return caught.value


def test_labels_fill_name_and_defaults_come_from_the_job_label() -> None:
    parsed = parse_text(in_task('      driver = "qemu"'))
    assert parsed.job["ID"] == "j"
    assert parsed.job["Name"] == "j"
    assert parsed.job["TaskGroups"][0]["Name"] == "g"
    assert task_of(parsed)["Name"] == "t"
    assert "Region" not in parsed.job  # never set: prints the Go zero value


def test_attributes_convert_like_cty() -> None:
    text = 'job "j" {\n  priority = "70"\n  all_at_once = "true"\n  datacenters = ["a", 1]\n}\n'
    job = parse_text(text).job
    assert job["Priority"] == 70
    assert job["AllAtOnce"] is True
    assert job["Datacenters"] == ["a", "1"]


def test_durations_become_nanoseconds() -> None:
    parsed = parse_text(in_task('      kill_timeout = "1m"\n      shutdown_delay = 5'))
    assert task_of(parsed)["KillTimeout"] == 60_000_000_000
    assert task_of(parsed)["ShutdownDelay"] == 5


def test_bad_duration_reports_go_error_at_the_value() -> None:
    err = error_of(in_task('      kill_timeout = "5 minutes"'))
    assert 'Unsuitable duration value: time: unknown unit " minutes" in duration "5 minutes"' in (
        err.nomad_text
    )
    assert err.nomad_text.startswith("job.nomad:4,23-32: Unsuitable value type;")


def test_unknown_argument_suggests_the_near_name() -> None:
    err = error_of(in_task('      drivr = "qemu"'))
    assert err.nomad_text == (
        "job.nomad:4,7-12: Unsupported argument; "
        'An argument named "drivr" is not expected here. Did you mean "driver"?'
    )


def test_unknown_block_is_reported_at_its_type() -> None:
    err = error_of(in_task("      resourcez {}"))
    assert err.nomad_text == (
        "job.nomad:4,7-16: Unsupported block type; "
        'Blocks of type "resourcez" are not expected here. Did you mean "resources"?'
    )


def test_wrong_type_uses_cty_wording() -> None:
    err = error_of(in_task('      env = ["a"]'))
    assert "Unsuitable value: map of string required" in err.nomad_text


def test_free_form_config_follows_blocks_as_attrs() -> None:
    body = """      config {
        a = { x = 1 }
        b = ({ x = 1 })
        c = 1.0
        d = 0.25
        e = null
        nested "one" {
          k = true
        }
        dynamic "x" {
          for_each = [1]
          content {}
        }
      }"""
    config = task_of(parse_text(in_task(body)))["Config"]
    assert config["a"] == [{"x": 1}]
    assert config["b"] == {"x": 1}
    assert config["c"] == 1 and isinstance(config["c"], int)
    assert config["d"] == 0.25
    assert "e" not in config
    assert config["nested"] == [{"one": [{"k": True}]}]
    assert "dynamic" in config


def test_meta_and_env_as_attributes_or_blocks() -> None:
    as_block = task_of(parse_text(in_task("      meta {\n        a = 1\n      }")))
    as_attr = task_of(parse_text(in_task('      meta = { "a.b" = true }')))
    assert as_block["Meta"] == {"a": "1"}
    assert as_attr["Meta"] == {"a.b": "true"}


def test_env_twice_is_an_error() -> None:
    err = error_of(in_task('      env = { A = "1" }\n      env {\n        B = "2"\n      }'))
    assert "Duplicate env block; env may not be defined more than once." in err.nomad_text


def test_constraint_shorthands() -> None:
    text = """job "j" {
  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }
  constraint {
    distinct_hosts = true
  }
  constraint {
    attribute = "${attr.os.version}"
    version   = ">= 1.0"
  }
  constraint {
    distinct_property = "${meta.rack}"
    value = "2"
  }
}
"""
    constraints = parse_text(text).job["Constraints"]
    assert constraints[0] == {"LTarget": "${attr.kernel.name}", "RTarget": "linux", "Operand": "="}
    assert constraints[1] == {"LTarget": "", "RTarget": "true", "Operand": "distinct_hosts"}
    assert constraints[2]["Operand"] == "version"
    assert constraints[2]["RTarget"] == ">= 1.0"
    assert constraints[3] == {
        "LTarget": "${meta.rack}",
        "RTarget": "2",
        "Operand": "distinct_property",
    }


def test_affinity_weight_is_an_int8() -> None:
    text = (
        'job "j" {\n  affinity {\n    attribute = "a"\n    value = "b"\n    weight = 50\n  }\n}\n'
    )
    assert parse_text(text).job["Affinities"][0]["Weight"] == 50


def test_duplicate_single_block() -> None:
    err = error_of(in_task("      resources {}\n      resources {}"))
    assert "Duplicate resources block; Only one resources block is allowed." in err.nomad_text


def test_missing_required_argument() -> None:
    err = error_of(in_task("      lifecycle {}"))
    assert 'The argument "hook" is required, but no definition was found.' in err.nomad_text


def test_ports_move_to_reserved_when_static() -> None:
    text = """job "j" {
  group "g" {
    network {
      port "a" { static = 80 }
      port "b" {}
    }
  }
}
"""
    network = parse_text(text).job["TaskGroups"][0]["Networks"][0]
    assert network["ReservedPorts"] == [{"Label": "a", "Value": 80}]
    assert network["DynamicPorts"] == [{"Label": "b"}]


def test_templates_vault_and_identity_are_normalized() -> None:
    body = """      template {
        data = "x"
        change_script {
          command = "/bin/true"
        }
      }
      vault {}
      identity {}
      identity {
        name = "other"
      }"""
    task = task_of(parse_text(in_task(body)))
    template = task["Templates"][0]
    assert (template["ChangeMode"], template["Perms"], template["Splay"]) == (
        "restart",
        "0644",
        5_000_000_000,
    )
    assert template["ChangeScript"]["Args"] == []
    assert task["Vault"] == {"Env": True, "DisableFile": False, "ChangeMode": "restart"}
    assert task["Identity"] == {}
    assert task["Identities"] == [{"Name": "other"}]


def test_job_level_task_becomes_its_own_group_first() -> None:
    text = """job "j" {
  vault {
    policies = ["p"]
  }
  task "solo" {
    driver = "qemu"
  }
  group "g" {
    task "t" {}
  }
}
"""
    groups = parse_text(text).job["TaskGroups"]
    assert [g["Name"] for g in groups] == ["solo", "g"]
    assert groups[0]["Tasks"][0]["Vault"]["Policies"] == ["p"]
    assert groups[1]["Tasks"][0]["Vault"]["Policies"] == ["p"]


def test_volumes_are_keyed_by_label() -> None:
    text = 'job "j" {\n  group "g" {\n    volume "data" {\n      type = "host"\n    }\n  }\n}\n'
    volumes = parse_text(text).job["TaskGroups"][0]["Volumes"]
    assert volumes == {"data": {"Name": "data", "Type": "host"}}


def test_task_scaling_errors() -> None:
    err = error_of(in_task('      scaling "disk" {\n        max = 1\n      }'))
    assert 'scaling policy name must be "cpu" or "mem"' in err.nomad_text
    err = error_of(in_task('      scaling "cpu" {\n        type = "horizontal"\n      }'))
    assert "Invalid scaling policy type" in err.nomad_text


def test_group_scaling_needs_max_and_gets_horizontal() -> None:
    text = 'job "j" {\n  group "g" {\n    scaling {\n      max = 3\n    }\n  }\n}\n'
    scaling = parse_text(text).job["TaskGroups"][0]["Scaling"]
    assert scaling == {"Max": 3, "Type": "horizontal"}
    err = error_of('job "j" {\n  group "g" {\n    scaling {\n      min = 1\n    }\n  }\n}\n')
    assert 'argument "max" is required' in err.nomad_text


def test_only_one_job_block() -> None:
    err = error_of('job "a" {}\njob "b" {}\n')
    assert err.nomad_text.startswith("job.nomad:2,1-8: Duplicate job block;")


def test_root_allows_only_known_blocks() -> None:
    err = error_of('jobs "a" {}\n')
    assert 'Did you mean "job"?' in err.nomad_text


def test_runtime_references_stay_text() -> None:
    parsed = parse_text('job "j" {\n  region = meta.rack\n}\n')
    assert parsed.job["Region"] == "${meta.rack}"


def test_dynamic_blocks_with_labels_iterators_and_free_form_maps() -> None:
    from tests.jobspec.helpers import FIXTURES

    parsed = parse_text((FIXTURES / "dynamic.nomad").read_text())
    groups = parsed.job["TaskGroups"]
    assert [g["Name"] for g in groups] == ["g", "extra-a", "extra-b"]
    assert [g.get("Count") for g in groups] == [None, 1, 2]
    artifacts = groups[0]["Tasks"][0]["Artifacts"]
    # A map's elements come in key order: data before root.
    assert [a["RelativeDest"] for a in artifacts] == ["local/data", "local/root"]
    assert artifacts[0]["GetterSource"] == "https://example.com/data.img"
    # Iterator values reach meta and config inside generated blocks.
    assert groups[2]["Tasks"][0]["Meta"] == {"index": "1"}
    assert groups[2]["Tasks"][0]["Config"] == {"image_path": "local/b.img"}


def test_dynamic_errors() -> None:
    err = error_of(
        in_task('      dynamic "artifact" {\n        for_each = 3\n        content {}\n      }')
    )
    assert "Cannot use a number value in for_each. An iterable collection is required." in (
        err.nomad_text
    )
    err = error_of('job "j" {\n  dynamic "group" {\n    for_each = [1]\n    content {}\n  }\n}\n')
    assert 'The argument "labels" is required, but no definition was found.' in err.nomad_text


def test_functions_are_available() -> None:
    body = '      driver = upper("qemu")\n      user = join("-", ["a", "b"])'
    task = task_of(parse_text(in_task(body)))
    assert (task["Driver"], task["User"]) == ("QEMU", "a-b")


def test_file_functions_resolve_against_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    (jobs / "job.nomad").write_text(in_task('      user = file("user.txt")'))
    (tmp_path / "user.txt").write_text("from-cwd")
    monkeypatch.chdir(tmp_path)
    parsed = load_job("jobs/job.nomad", environ={})
    assert task_of(parsed)["User"] == "from-cwd"
    assert parsed.filename == "jobs/job.nomad"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            '      dynamc "x" {\n      }',
            'Blocks of type "dynamc" are not expected here. Did you mean "dynamic"?',
        ),
        (
            "      dynamic = 1",
            'An argument named "dynamic" is not expected here. '
            'Did you mean to define a block of type "dynamic"?',
        ),
    ],
)
def test_errors_in_jobs_without_dynamic_blocks_still_hint_at_them(body: str, detail: str) -> None:
    # Go's dynblock extension adds `dynamic` to every schema, so hints may name it even
    # in a job that has no dynamic block.
    assert [d.detail for d in error_of(in_task(body)).diagnostics] == [detail]


def test_every_free_form_map_is_evaluated_wherever_it_sits() -> None:
    text = (
        'job "j" {\n  group "g" {\n'
        '    secret "s" {\n      provider = "p"\n      path = "x"\n'
        '      config {\n        a = "${1 + 1}"\n      }\n    }\n'
        '    service {\n      name = "web"\n      connect {\n        sidecar_service {\n'
        "          proxy {\n            config {\n              b = 2\n            }\n"
        "          }\n        }\n      }\n    }\n"
        '    task "t" {\n      driver = "qemu"\n      config {\n        c = [3]\n      }\n'
        '      scaling "cpu" {\n        max = 1\n        policy {\n          d = true\n'
        "        }\n      }\n    }\n  }\n}\n"
    )
    group = parse_text(text).job["TaskGroups"][0]
    task = group["Tasks"][0]
    assert task["Secrets"][0]["Config"] == {"a": 2}
    proxy = group["Services"][0]["Connect"]["SidecarService"]["Proxy"]
    assert proxy["Config"] == {"b": 2}
    assert task["Config"] == {"c": [3]}
    assert task["ScalingPolicies"][0]["Policy"] == {"d": True}
