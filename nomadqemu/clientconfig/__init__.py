"""The client agent configuration the qemu driver depends on (`data_dir`, plugin policy)."""

from nomadqemu.clientconfig.model import PLACEHOLDER_ALLOC_ID, ClientConfig
from nomadqemu.clientconfig.parse import parse_client_config

__all__ = ["PLACEHOLDER_ALLOC_ID", "ClientConfig", "parse_client_config"]
