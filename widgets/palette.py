"""The meaning colours, the same on every screen: overdue red, at risk amber, on time green,
closed grey."""

OVERDUE_COLOR = "#d93025"
AT_RISK_COLOR = "#f29900"
ON_TIME_COLOR = "#188038"
NEUTRAL_COLOR = "#5f6368"
STATE_COLORS = {"overdue": OVERDUE_COLOR, "at_risk": AT_RISK_COLOR, "on_time": ON_TIME_COLOR,
                "closed": NEUTRAL_COLOR}
RETURNED_COLOR = "#9334e6"
"""The 退回 badge: a case a department sent back, not a new one."""
URGENT_COLOR = "#c2185b"
"""The urgent tier (紧急): its mark on rows and cards, the flash of a new one, the unread badge."""
DIFFICULT_COLOR = "#1967d2"
"""The difficult tier (疑难)."""
FLASH_COLOR = "#f8bbd0"
"""The bright half of a new urgent case's flash."""
