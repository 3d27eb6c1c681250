"""Small rules of the wall: heat aggregated when grids would be specks, overdue and elapsed words
that never read "-0.0", and the tickers dealing out their entries."""
from __future__ import annotations

from ui.wall.heat import aggregate, heat_level
from ui.wall.render import elapsed_words, overdue_words

WORDS = {"overdue_text": "{hours} h over", "just_overdue": "just overdue", "minutes_ago": "{minutes} min ago",
         "hours_ago": "{hours} h ago"}


def test_grids_that_would_be_specks_show_their_community_or_street_mean():
    assert heat_level(1000, 4000, 150) == "grid"          # 15.8 px a grid
    assert heat_level(400, 4000, 150) == "community"      # 6.3 px a grid, 33 px a community
    assert heat_level(100, 4000, 150) == "street"
    grids = ["990101001001001", "990101001001002", "990101001002001"]
    assert aggregate({"990101001001001": 4}, grids, "grid") == {"990101001001001": 4.0}
    assert aggregate({"990101001001001": 4}, grids, "community") == {"990101001001001": 2.0,
                                                                       "990101001001002": 2.0}
    assert aggregate({"990101001001001": 3}, grids, "street") == {g: 1.0 for g in grids}


def test_overdue_and_elapsed_words_never_read_minus_zero():
    assert overdue_words(-0.0, WORDS) == "just overdue"
    assert overdue_words(0.01, WORDS) == "just overdue"
    assert overdue_words(2.46, WORDS) == "2.5 h over"
    assert elapsed_words(-5, WORDS) == "0 min ago"
    assert elapsed_words(12 * 60, WORDS) == "12 min ago"
    assert elapsed_words(3.5 * 3600, WORDS) == "3.5 h ago"
