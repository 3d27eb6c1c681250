"""Helpers of the map widget (widgets/map_view.py): page building, payload encoding, the pending-change
state, the web-channel bridge, local tiles and synthetic sample data."""
