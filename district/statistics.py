"""``GET /api/v1/district/statistics``: per center (and street, and in all) over a period,
counted by :mod:`district.figures` (the definitions the desk's F7 uses). The flat fields
of the first version stay, taken from the same figures."""

from __future__ import annotations

import datetime as dt

from district.database import DistrictDatabase
from district.figures import district_figures
from protocol import CenterStatistics, Statistics, StreetStatistics


def statistics(
    database: DistrictDatabase, day_from: dt.date, day_to: dt.date, center_id: str | None = None
) -> Statistics:
    view = district_figures(database, day_from, day_to, center_id=center_id)
    centers = []
    for row in view.centers:
        f = row.figures
        centers.append(
            CenterStatistics(
                center_id=row.center_id,
                center_name=row.name,
                visits=f.visits,
                requests_by_category=f.requests_by_category,
                requests_by_service_item=f.requests_by_service_item,
                outcomes=f.outcomes,
                overdue_referrals=f.referrals.overdue,
                saturday_capacity=f.saturday.offered,
                saturday_bookings={
                    "booked": f.saturday.booked,
                    "checked_in": f.saturday.checked_in,
                    "no_show": f.saturday.no_show,
                    "cancelled": f.saturday.cancelled,
                },
                satisfaction={str(g): n for g, n in f.satisfaction.grades.items()},
                satisfaction_average=f.satisfaction.average,
                callback_satisfaction={
                    str(g): n for g, n in f.callback_satisfaction.grades.items()
                },
                street_id=row.street_id,
                street_name=row.street_name,
                figures=f,
            )
        )
    streets = [
        StreetStatistics(
            street_id=s.street_id, street_name=s.name, centers=s.centers, figures=s.figures
        )
        for s in view.streets
    ]
    return Statistics(
        period_from=day_from, period_to=day_to, centers=centers, streets=streets, total=view.total
    )
