"""The look of the operators' screens (desk and trainer): a calm light work surface under a dark
frame (menu and status bars), so the meaning colours — overdue red, at-risk amber, on-time
green — are the loudest things on screen. The wall has its own dark theme."""

FRAME = "#1f2a3c"
FRAME_TEXT = "#e8edf5"
ACCENT = "#1a73e8"
SURFACE = "#f4f6f9"
LINE = "#d5dbe3"


def work_surface_style(window_name: str) -> str:
    """The style sheet of an operator's main window named ``window_name`` (its objectName)."""
    return f"""
QMainWindow#{window_name} {{ background: {SURFACE}; }}
QMainWindow#{window_name} QWidget {{ font-family: "Noto Sans CJK SC", "Droid Sans Fallback", sans-serif; }}
QMenuBar {{ background: {FRAME}; color: {FRAME_TEXT}; padding: 2px 4px; }}
QMenuBar::item {{ padding: 3px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: #2f3d55; }}
QStatusBar {{ background: {FRAME}; color: {FRAME_TEXT}; }}
QStatusBar QLabel {{ color: {FRAME_TEXT}; padding: 0 8px; }}
QStatusBar::item {{ border: none; }}
QSplitter::handle {{ background: {LINE}; }}
QSplitter::handle:horizontal {{ width: 3px; }}
QSplitter::handle:vertical {{ height: 3px; }}
QFrame#map_toolbar {{ background: #ffffff; border-bottom: 1px solid {LINE}; }}
QFrame#map_summary {{ background: #ffffff; }}
QFrame#map_toolbar QLabel {{ color: #5f6368; }}
QFrame#map_toolbar QToolButton {{ padding: 2px 5px; border: 1px solid {LINE}; border-radius: 3px;
    background: #ffffff; color: #202124; }}
QFrame#map_toolbar QToolButton:checked {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT}; }}
QFrame#filter_chip {{ background: #e8f0fe; border: 1px solid #aecbfa; border-radius: 12px; }}
QFrame#filter_chip QLabel {{ color: #174ea6; font-weight: bold; }}
QFrame#filter_chip QToolButton {{ color: #174ea6; }}
"""
