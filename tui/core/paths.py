"""Where tend keeps things: the data folder and the content folder.

Paths are computed by functions, never at import time, and nothing here
creates anything until :func:`ensure_private_dir` is called by code that is
about to write.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP_NAME = "tend"
DATA_ENV = "TEND_HOME"
CONTENT_ENV = "TEND_CONTENT"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for the journal and progress: ``--data-dir``, then ``TEND_HOME``,
    then the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def packaged_content_dir() -> Path:
    """The content that ships with tend: inside the wheel, or the source tree."""
    shipped = Path(str(resources.files("tui"))) / "_content"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "content"


def content_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The lessons and rules to use: ``--content``, then ``TEND_CONTENT``, then
    the packaged content."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env).expanduser()
    return packaged_content_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; the folder itself is made 0700.

    An existing folder has its mode tightened to 0700 when it belongs to us.
    """
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    try:
        if path.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
            os.chmod(path, PRIVATE_DIR_MODE)
    except PermissionError:
        pass
    return path
