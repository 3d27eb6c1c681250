"""What the map page should show, and which part of it the page has not been told yet.

MapView writes every change here at once and flushes at most every ~100 ms: a flush turns the unsent
part into ONE JavaScript batch. A full replacement supersedes the partial changes queued before it,
so a burst of updates costs one transfer, and after a page (re)load everything is simply sent again.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from widgets.map.payload import MarkerLike, b64, marker_rows, value_array

# Order of the commands inside a batch: cells must exist before values, markers before selection.
PARTS = (
    "strings", "theme", "font_scale", "tiles", "geography", "values", "components",
    "components_visible", "markers", "flagged", "selected",
)


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class MapState:
    """The page's intended content plus dirty flags; pure Python so it is tested without a browser."""

    def __init__(self, theme: str, font_scale: float = 1.0) -> None:
        self.strings: dict[str, object] = {}
        self.theme = theme
        self.font_scale = font_scale
        self.tiles: dict | None = None
        self.geography: dict | None = None
        self._geography_js = "null"
        self.cell_index: dict[str, int] = {}
        self.values: dict[str, float] = {}
        self.legend: dict | None = None
        self.components: dict | None = None
        self.components_visible = False
        self.markers: dict[int, MarkerLike] = {}
        self.flagged: list[str] = []
        self.selected: int | None = None
        self.fit: tuple | None = None
        self._full: set[str] = set(PARTS)
        self._changed_values: set[str] = set()
        self._changed_markers: set[int] = set()
        self._removed_markers: set[int] = set()

    # -- changes ------------------------------------------------------------------------------

    def touch(self, part: str) -> None:
        """Mark a whole part to be sent again."""
        self._full.add(part)

    def resend_all(self) -> None:
        """The page was (re)loaded and knows nothing: send everything on the next flush."""
        self._full = set(PARTS)
        self._changed_values.clear()
        self._changed_markers.clear()
        self._removed_markers.clear()

    def set_geography(self, payload: dict) -> None:
        self.geography = payload
        # Serialised now, while the page is still loading, not when the first batch goes out.
        self._geography_js = _js(payload)
        self.cell_index = {code: i for i, code in enumerate(payload["cells"]["codes"])}
        self._full |= {"geography", "values"}

    def set_values(self, values: Mapping[str, float], legend: dict) -> None:
        self.values = dict(values)
        self.legend = legend
        self._full.add("values")
        self._changed_values.clear()

    def update_values(self, changed: Mapping[str, float]) -> None:
        self.values.update(changed)
        self._changed_values.update(changed)

    def set_markers(self, markers: Iterable[MarkerLike]) -> None:
        self.markers = {m.case_id: m for m in markers}
        self._full.add("markers")
        self._changed_markers.clear()
        self._removed_markers.clear()

    def update_markers(self, changed: Iterable[MarkerLike], removed: Iterable[int]) -> None:
        for case_id in removed:
            if self.markers.pop(case_id, None) is not None:
                self._removed_markers.add(case_id)
                self._changed_markers.discard(case_id)
        for marker in changed:
            self.markers[marker.case_id] = marker
            self._changed_markers.add(marker.case_id)
            self._removed_markers.discard(marker.case_id)

    def has_changes(self) -> bool:
        """True if the next batch would carry something (values wait for cells and a legend)."""
        sendable = self._full - ({"values"} if self.legend is None or self.geography is None else set())
        return bool(sendable or self._changed_values or self._changed_markers or self._removed_markers or self.fit)

    # -- the batch ----------------------------------------------------------------------------

    def take_script(self, seq: int) -> str | None:
        """One JavaScript batch with every unsent change, ending in ccMap.commit(seq); None if idle."""
        calls = [call for part in PARTS for call in self._part_calls(part)]
        calls += self._delta_calls()
        if self.fit:
            calls.append(f"ccMap.{self.fit[0]}({','.join(_js(v) for v in self.fit[1:])})")
            self.fit = None
        if not calls:
            return None
        body = ";".join(calls)
        return (
            f"(function(){{try{{ccMap.begin();{body};return ccMap.commit({seq});}}"
            f"catch(e){{ccMap.end();return 'map batch failed: '+e+'\\n'+e.stack;}}}})()"
        )

    def _part_calls(self, part: str) -> list[str]:
        if part not in self._full:
            return []
        payload = self._full_payload(part)
        if payload is _NOT_YET:
            return []
        self._full.discard(part)
        if part == "values":
            self._changed_values.clear()
        if part == "markers":
            self._changed_markers.clear()
            self._removed_markers.clear()
        if payload is None and part in ("geography", "components"):
            return []
        command = _COMMANDS[part]
        text = self._geography_js if part == "geography" else _js(payload)
        return [f"ccMap.{command}({text})"]

    def _full_payload(self, part: str):
        if part == "values":
            if self.legend is None or self.geography is None:
                return _NOT_YET
            return dict(self.legend, values=b64(value_array(self.values, self.cell_index), "<f4"))
        if part == "markers":
            return marker_rows(self.markers.values())
        if part == "flagged":
            return sorted(self.flagged)
        return {
            "strings": self.strings, "theme": self.theme, "font_scale": self.font_scale,
            "tiles": self.tiles, "geography": self.geography, "components": self.components,
            "components_visible": self.components_visible, "selected": self.selected,
        }[part]

    def _delta_calls(self) -> list[str]:
        calls = []
        known = [code for code in self._changed_values if code in self.cell_index]
        if known and self.legend is not None:
            index = [self.cell_index[code] for code in known]
            values = [self.values[code] for code in known]
            calls.append(f"ccMap.updateCellValues({_js({'index': b64(index, '<u4'), 'values': b64(values, '<f4')})})")
        self._changed_values.clear()
        if self._changed_markers or self._removed_markers:
            changed = marker_rows(self.markers[i] for i in self._changed_markers)
            calls.append(f"ccMap.updateMarkers({_js({'changed': changed, 'removed': sorted(self._removed_markers)})})")
            self._changed_markers.clear()
            self._removed_markers.clear()
        return calls


_NOT_YET = object()

_COMMANDS = {
    "strings": "setStrings", "theme": "setTheme", "font_scale": "setFontScale", "tiles": "setTiles",
    "geography": "setGeography", "values": "setCellValues", "components": "setComponents",
    "components_visible": "setComponentsVisible", "markers": "setMarkers", "flagged": "setFlagged",
    "selected": "selectCase",
}
