"""The overview's figures as the charts and the tables show them, and durations in words.

Pure functions over `legal_desk.services.dashboard.Dashboard`, so the wording is the
same in a bar's figure, its tooltip, the chart's accessible description and the table.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from legal_desk.services.dashboard import Dashboard, Durations
from ui.dashboard.charts import ChartItem

NO_CASE_YET = "no case yet"
NOT_AVAILABLE = "—"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def human_duration(value: timedelta) -> str:
    """A duration as an attorney says it: "45 min", "2 h 10 min", "1 day 4 h", "3 days".

    Precision falls as the span grows: minutes under a day, hours up to three days,
    then whole days. A negative span (a clock set wrong) reads as no time at all.
    """
    seconds = max(0.0, value.total_seconds())
    minutes = round(seconds / 60)
    if seconds < 60:
        return "under 1 min"
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    hours = round(minutes / 60)
    days, rest = divmod(hours, 24)
    if days < 3 and rest:
        return f"{plural(days, 'day')} {rest} h"
    return plural(round(hours / 24), "day")


def open_by_status(board: Dashboard) -> list[ChartItem]:
    return [ChartItem(s.label, s.count, str(s.count)) for s in board.open_by_status]


def open_by_age(board: Dashboard) -> list[ChartItem]:
    return [ChartItem(b.label, b.count, str(b.count)) for b in board.open_by_age]


def per_school(board: Dashboard) -> list[ChartItem]:
    return [ChartItem(s.school, s.count, str(s.count)) for s in board.per_school]


def per_month(board: Dashboard) -> list[ChartItem]:
    return [
        ChartItem(
            m.label,
            m.count,
            str(m.count),
            axis_label=f"{m.starts_at:%b}\n{m.starts_at:%Y}",
        )
        for m in board.per_month
    ]


def _duration_items(step: str, durations: Durations) -> list[ChartItem]:
    detail = plural(durations.count, "case")
    items = []
    for name, value, secondary in (
        ("median", durations.median, False),
        ("90th percentile", durations.p90, True),
    ):
        if value is None:
            items.append(ChartItem(f"{step}, {name}", None, NO_CASE_YET, secondary=secondary))
        else:
            items.append(
                ChartItem(
                    f"{step}, {name}",
                    value.total_seconds(),
                    human_duration(value),
                    detail=detail,
                    secondary=secondary,
                )
            )
    return items


def durations(board: Dashboard) -> list[ChartItem]:
    return [
        *_duration_items("To advice", board.to_advice),
        *_duration_items("To Security", board.to_security),
    ]


def median_to_advice(board: Dashboard) -> str:
    median = board.to_advice.median
    return NOT_AVAILABLE if median is None else human_duration(median)


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def period_text(board: Dashboard) -> str:
    """The period in words: "1 Sep 2026 to 30 Nov 2026" (the end is exclusive)."""
    last_day = board.period_end - timedelta(days=1)
    return f"{_day(board.period_start)} to {_day(last_day)}"


def is_empty(board: Dashboard) -> bool:
    """Nothing to chart: no open case and no case received in the period."""
    return board.open_total == 0 and not any(m.count for m in board.per_month)
