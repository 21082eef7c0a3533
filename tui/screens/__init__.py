"""tend's screens, one per module."""

from tui.screens.dialogs import ConfirmDialog, MessageDialog
from tui.screens.home import HomeScreen

__all__ = ["ConfirmDialog", "HomeScreen", "MessageDialog"]
