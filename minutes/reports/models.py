"""ORM classes of the reports' own tables."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from minutes.db import Base


class AttendanceTally(Base):
    """A member's roll-calls of one year in one branch, as sets of months packed in one number.

    Derived from the roll-calls and kept in step with every save of minutes (see
    ``reports/attendance.py`` for the packing); ``minutes reports retally`` rebuilds it.
    The attendance report reads one line per member and branch instead of one per meeting:
    at province scale, 53 thousand lines instead of 660 thousand.
    """

    __tablename__ = "attendance_tally"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True, index=True)
    months: Mapped[int] = mapped_column(BigInteger)
