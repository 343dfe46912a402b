"""The workspace overview (issue 6): figures for the dashboard's charts, counted in SQL.

No case is loaded as an ORM object: every figure is a count or a grouped count,
except the durations, whose median needs the values themselves. For those SQL
picks each case's first advice (or Security call) and subtracts; Python only
sorts one number per case that reached the step.

Calendar months are the user's local months. Their boundaries are computed in
Python from `now`'s tzinfo: each month's own local midnight on the 1st, so they
are DST-exact when `now` carries a `ZoneInfo` (a fixed offset such as
`datetime.now().astimezone()` would shift every month by today's offset). The
boundaries are converted to UTC and SQL counts the stored UTC `received_at` in
each [start, next start) range. So a case received at 23:30 on 31 October in
Denver counts in October although it is already November in UTC.

The period of the per-school, per-month and duration figures is the last
`months` local calendar months, the current one included: from local midnight on
the 1st of the earliest month to local midnight on the 1st of next month. The
durations cover the cases received in the period.

Query plans (`EXPLAIN QUERY PLAN`, SQLite 3.53; the test checks that no query
scans a table but `school`):
- open by status: `SEARCH case_file USING COVERING INDEX ix_case_file_status_received
  (status=?)`; by age: the same index with `(status=? AND received_at>?)`, only for
  the last 31 days (older open cases are the remainder).
- open and urgent: `SEARCH case_file USING INDEX ix_case_file_urgent_received
  (urgent=?)`, reading only the urgent rows (about 2% of cases) for their status.
- per month: one `SEARCH case_file USING COVERING INDEX ix_case_file_received_at
  (received_at>? AND received_at<?)` count per month, in one statement.
- per school: `SCAN school` (one row a school) with a correlated `SEARCH case_file
  USING COVERING INDEX ix_case_file_school_received (school_id=? AND received_at>?
  AND received_at<?)`; the same index for "School not recorded" (school_id IS NULL).
- durations: `SEARCH case_file USING COVERING INDEX ix_case_file_received_at` for
  the period, and per case `SEARCH sent_advice USING INDEX ix_sent_advice_case_id
  (case_id=?)` (`ix_security_notification_case_id` for Security).

Measured on `bench/workload.py`'s 100k-case SQLCipher workspace (40k advice, 30k
Security calls, 18k cases in the period), best of 15 on a loaded 2-core machine:
open 6 ms, per school 1.4 ms, per month 1.6 ms, to advice 21-30 ms, to Security
26 ms; the whole `dashboard()` 100-200 ms wall under a load average of 3.4. The
first version (CASE-bucketing every open case, GROUP BY school over the period's
rows, a join to the step tables) took about 300 ms on the same machine.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Subquery, and_, case, func, select, true
from sqlalchemy.orm import Session

from legal_desk.services.queue import OPEN_STATUSES
from legal_desk.workspace import Workspace
from models import Case, CaseStatus, School, SecurityNotification, SentAdvice

TOP_SCHOOLS = 10
OTHER_SCHOOLS = "Other"
NO_SCHOOL = "School not recorded"


@dataclass(frozen=True)
class AgeBucket:
    """Open cases whose age, in whole days since intake, is in [min_days, max_days]."""

    label: str
    min_days: int
    max_days: int | None  # None: no upper bound
    count: int


# (label, first whole day, last whole day): "1–7 days" is an age of 1 day up to,
# but not including, 8 days. A case received "in the future" (clock skew) counts
# as under one day rather than vanishing.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("Under 1 day", 0, 0),
    ("1–7 days", 1, 7),
    ("8–30 days", 8, 30),
    ("Over 30 days", 31, None),
)


@dataclass(frozen=True)
class StatusCount:
    status: CaseStatus
    count: int

    @property
    def label(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class SchoolCount:
    """One bar of the per-school chart; `school_id` is None for the two summary bars."""

    school: str
    school_id: int | None
    count: int


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    starts_at: datetime  # local midnight on the 1st, in `now`'s timezone
    count: int

    @property
    def label(self) -> str:
        return self.starts_at.strftime("%b %Y")


@dataclass(frozen=True)
class Durations:
    """Time from intake to a step, over the cases received in the period that reached it.

    `median` is the usual median (the mean of the two middle values for an even
    count); `p90` is the nearest-rank 90th percentile (a value some case really
    took). Both are None when no case reached the step.
    """

    count: int
    median: timedelta | None
    p90: timedelta | None

    @classmethod
    def of(cls, values: Sequence[timedelta]) -> Durations:
        if not values:
            return cls(0, None, None)
        ordered = sorted(values)
        n = len(ordered)
        middle = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
        return cls(n, middle, ordered[math.ceil(0.9 * n) - 1])


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    period_start: datetime  # local, inclusive
    period_end: datetime  # local, exclusive (the 1st of the month after `now`)
    open_by_status: tuple[StatusCount, ...]  # every open status, in workflow order
    open_urgent: int  # open cases where an emergency or a "lawful order" was claimed
    open_by_age: tuple[AgeBucket, ...]
    per_school: tuple[SchoolCount, ...]  # top schools, then "Other", then "not recorded"
    per_month: tuple[MonthCount, ...]  # oldest first, every month present
    to_advice: Durations
    to_security: Durations

    @property
    def open_total(self) -> int:
        return sum(s.count for s in self.open_by_status)


def _month_starts(now: datetime, months: int) -> list[datetime]:
    """Local midnights on the 1st of each month of the period, plus the month after."""
    tz = now.tzinfo
    year, month = now.year, now.month
    index = year * 12 + (month - 1) - (months - 1)
    starts = []
    for i in range(index, index + months + 1):
        starts.append(datetime(i // 12, i % 12 + 1, 1, tzinfo=tz))
    return starts


def _in_period(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(Case.received_at >= start, Case.received_at < end)


def _count(*where: ColumnElement[bool]) -> ScalarSelect[int]:
    return select(func.count()).select_from(Case).where(*where).scalar_subquery()


def _open_counts(
    session: Session, now: datetime
) -> tuple[tuple[StatusCount, ...], tuple[AgeBucket, ...]]:
    is_open = Case.status.in_(sorted(OPEN_STATUSES))
    by_status = dict.fromkeys(sorted(OPEN_STATUSES, key=list(CaseStatus).index), 0)
    for status, count in session.execute(
        select(Case.status, func.count()).where(is_open).group_by(Case.status)
    ):
        by_status[status] = count
    # Only the recent buckets are counted row by row (a range of the status index);
    # the oldest is the remainder. Bucketing all 80k open cases with a CASE cost
    # 60 ms at 100k cases, this 10 ms.
    thresholds = [now - timedelta(days=first) for _, first, _ in AGE_BUCKETS[1:]]
    age = case(
        *((Case.received_at > t, i) for i, t in enumerate(thresholds[:-1])),
        else_=len(thresholds) - 1,
    )
    by_age = [0] * len(AGE_BUCKETS)
    recent = (
        select(age, func.count()).where(is_open, Case.received_at > thresholds[-1]).group_by(age)
    )
    for bucket, count in session.execute(recent):
        by_age[bucket] = count
    # Consistent with the status counts: the session reads in one transaction (the
    # engine emits BEGIN), so no write can land between the two queries.
    by_age[-1] = sum(by_status.values()) - sum(by_age)
    return (
        tuple(StatusCount(s, c) for s, c in by_status.items()),
        tuple(
            AgeBucket(label, first, last, by_age[i])
            for i, (label, first, last) in enumerate(AGE_BUCKETS)
        ),
    )


def _open_urgent(session: Session) -> int:
    urgent = _count(Case.urgent == true(), Case.status.in_(sorted(OPEN_STATUSES)))
    return int(session.execute(select(urgent)).scalar_one())


def _per_month(session: Session, starts: list[datetime]) -> tuple[MonthCount, ...]:
    # One range count per month, each answered by the received_at index without
    # reading a row (0.4 ms a month at 100k cases); a CASE over the months'
    # boundaries would evaluate every row of the period instead.
    months = list(itertools.pairwise(starts))
    counts = session.execute(select(*(_count(_in_period(a, b)) for a, b in months))).one()
    return tuple(MonthCount(a.year, a.month, a, int(counts[i])) for i, (a, _) in enumerate(months))


def _per_school(session: Session, start: datetime, end: datetime) -> tuple[SchoolCount, ...]:
    # Counted per school from the (school_id, received_at) index: GROUP BY school_id
    # over the period's range would fetch every case row of the period (50 ms at
    # 100k cases; this is about 2 ms).
    per_school = _count(Case.school_id == School.id, _in_period(start, end))
    named = [
        SchoolCount(name, school_id, count)
        for school_id, name, count in session.execute(
            select(School.id, School.name, per_school.correlate(School))
        )
        if count
    ]
    unrecorded = session.execute(
        select(_count(Case.school_id.is_(None), _in_period(start, end)))
    ).scalar_one()
    # Ties are broken by name so the chart does not reshuffle between refreshes.
    named.sort(key=lambda s: (-s.count, s.school.casefold(), s.school))
    bars = named[:TOP_SCHOOLS]
    rest = sum(s.count for s in named[TOP_SCHOOLS:])
    if rest:
        bars.append(SchoolCount(OTHER_SCHOOLS, None, rest))
    if unrecorded:
        bars.append(SchoolCount(NO_SCHOOL, None, unrecorded))
    return tuple(bars)


def _first_steps(
    step: type[SentAdvice] | type[SecurityNotification],
    stamp: Any,
    start: datetime,
    end: datetime,
) -> Subquery:
    """Per case received in [start, end) that reached the step: intake and first step."""
    # Per case of the period (a range of the received_at index), its first step from
    # the step table's case_id index. Joining and grouping instead let the planner
    # scan the whole step table when it judged that cheaper (2-3x slower at 100k).
    first = select(func.min(stamp)).where(step.case_id == Case.id).correlate(Case).scalar_subquery()
    return (
        select(Case.received_at.label("received_at"), first.label("first"))
        .where(_in_period(start, end))
        .subquery()
    )


def _durations(session: Session, per_case: Subquery) -> Durations:
    reached = per_case.c.first.is_not(None)
    if session.get_bind().dialect.name == "sqlite":
        # Turning 15k stored timestamps into datetimes costs SQLAlchemy about 4 µs
        # each (60 ms at 100k cases); SQLite subtracts them itself. julianday() is
        # exact to about 0.1 ms here, so the seconds are rounded to the millisecond.
        seconds = (
            func.julianday(per_case.c.first) - func.julianday(per_case.c.received_at)
        ) * 86400.0
        values = session.connection().execute(select(seconds).where(reached)).scalars().all()
        return Durations.of([timedelta(seconds=round(v, 3)) for v in values])
    rows: Sequence[Any] = session.execute(
        select(per_case.c.received_at, per_case.c.first).where(reached)
    ).all()
    return Durations.of([first - received for received, first in rows])


def advice_steps(start: datetime, end: datetime) -> Subquery:
    """Per case received in [start, end) that had advice: intake and first advice sent."""
    return _first_steps(SentAdvice, SentAdvice.sent_at, start, end)


def security_steps(start: datetime, end: datetime) -> Subquery:
    """Per case received in [start, end) that Security heard of: intake and first call."""
    return _first_steps(SecurityNotification, SecurityNotification.notified_at, start, end)


def dashboard(workspace: Workspace, *, now: datetime, months: int = 12) -> Dashboard:
    """The overview at `now` (aware; its timezone defines the calendar months)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware: it defines the local months")
    if months < 1:
        raise ValueError("months must be at least 1")
    starts = _month_starts(now, months)
    start, end = starts[0], starts[-1]
    with workspace.session() as session:
        by_status, by_age = _open_counts(session, now)
        return Dashboard(
            now=now,
            period_start=start,
            period_end=end,
            open_by_status=by_status,
            open_urgent=_open_urgent(session),
            open_by_age=by_age,
            per_school=_per_school(session, start, end),
            per_month=_per_month(session, starts),
            to_advice=_durations(session, advice_steps(start, end)),
            to_security=_durations(session, security_steps(start, end)),
        )
