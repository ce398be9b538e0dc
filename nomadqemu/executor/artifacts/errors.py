"""The one error an artifact fetch raises: it fails the task with its message."""


class ArtifactError(RuntimeError):
    pass
