"""Test-suite settings shared by every test package."""

import os

from hypothesis import settings

# CI must be reproducible: a property test that finds a new counterexample should fail
# on a developer's run, not turn a landing red by chance. CI=true selects a fixed seed.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")
