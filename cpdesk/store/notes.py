"""Targets (for red/amber/green) and annotations ("counting method changed 2015/16")."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from cpdesk.indicators.model import Period
from cpdesk.store import tables as t
from cpdesk.store.engine import write_stamp
from cpdesk.store.records import Annotation, Target
from cpdesk.store.writes import ensure_periods, inserted_id


def _period_id(conn: Connection, period: Period | None) -> int | None:
    return None if period is None else ensure_periods(conn, [period])[period.key]


def _period_or_none(row: Row) -> Period | None:
    if row.kind is None:
        return None
    return Period(row.kind, row.start_date, row.end_date, row.label)


def set_target(conn: Connection, area_code: str, indicator_id: str, target: float, *, user: str,
               tolerance: float | None = None, breakdown: str = "", period: Period | None = None) -> None:
    """Set (or replace) the target for one area, indicator, breakdown and period (None: every period)."""
    tt = t.targets
    period_id = _period_id(conn, period)
    same_period = tt.c.period_id.is_(None) if period_id is None else tt.c.period_id == period_id
    conn.execute(sa.delete(tt).where(tt.c.area_code == area_code, tt.c.indicator_id == indicator_id,
                                     tt.c.breakdown == breakdown, same_period))
    conn.execute(sa.insert(tt).values(area_code=area_code, indicator_id=indicator_id, breakdown=breakdown,
                                      period_id=period_id, target=target, tolerance=tolerance, set_by=user,
                                      set_at=write_stamp(conn).at))


def targets(conn: Connection, area_code: str, indicator_id: str | None = None) -> list[Target]:
    """The area's targets for an indicator (None: for every indicator, by indicator): the all-periods
    one (if any) first, then by period."""
    tt, p = t.targets, t.periods
    query = (sa.select(tt, p.c.kind, p.c.start_date, p.c.end_date, p.c.label)
             .outerjoin(p, p.c.id == tt.c.period_id)
             .where(tt.c.area_code == area_code)
             .order_by(tt.c.indicator_id, tt.c.breakdown, tt.c.period_id.is_not(None), p.c.start_date,
                       p.c.end_date))
    if indicator_id is not None:
        query = query.where(tt.c.indicator_id == indicator_id)
    return [
        Target(area_code=row.area_code, indicator_id=row.indicator_id, breakdown=row.breakdown,
               period=_period_or_none(row), target=row.target, tolerance=row.tolerance, set_by=row.set_by,
               set_at=row.set_at)
        for row in conn.execute(query)
    ]


def add_annotation(conn: Connection, text: str, *, author: str, area_code: str | None = None,
                   indicator_id: str | None = None, period: Period | None = None, breakdown: str = "") -> int:
    result = conn.execute(sa.insert(t.annotations).values(
        area_code=area_code, indicator_id=indicator_id, period_id=_period_id(conn, period),
        breakdown=breakdown, text=text, author=author, created_at=write_stamp(conn).at,
    ))
    return inserted_id(result)


def annotations_for(conn: Connection, *, area_code: str | None = None,
                indicator_id: str | None = None) -> list[Annotation]:
    """Notes that apply to this area and indicator, oldest first.

    A note with no area applies to every area (and likewise for indicators), so a note such as
    "counting method changed 2015/16" on an indicator shows beside every area's chart of it.
    """
    a, p = t.annotations, t.periods
    query = (sa.select(a, p.c.kind, p.c.start_date, p.c.end_date, p.c.label)
             .outerjoin(p, p.c.id == a.c.period_id))
    if area_code is not None:
        query = query.where(sa.or_(a.c.area_code == area_code, a.c.area_code.is_(None)))
    if indicator_id is not None:
        query = query.where(sa.or_(a.c.indicator_id == indicator_id, a.c.indicator_id.is_(None)))
    return [
        Annotation(id=row.id, area_code=row.area_code, indicator_id=row.indicator_id,
                   period=_period_or_none(row), breakdown=row.breakdown, text=row.text, author=row.author,
                   created_at=row.created_at)
        for row in conn.execute(query.order_by(a.c.id))
    ]
