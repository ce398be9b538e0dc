"""Artifacts fetched as Nomad's go-getter fetches them (see docs/run.md for the subset)."""

from nomadqemu.executor.artifacts.download import FetchSettings
from nomadqemu.executor.artifacts.errors import ArtifactError
from nomadqemu.executor.artifacts.fetch import fetch_artifact

__all__ = ["ArtifactError", "FetchSettings", "fetch_artifact"]
