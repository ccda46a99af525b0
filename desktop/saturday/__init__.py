"""Saturday community (星期六社区): appointment-only Saturday service with limited places.

Plain Python over the models in :mod:`db.models.saturday`: set-up (sessions, offered
services, dated exceptions), the on-duty roster that gives each slot its capacity,
booking with its rules, waitlist, the day's list with check-in and no-shows, and the views
the screens show. Capacity is enforced inside one write transaction (``BEGIN IMMEDIATE``),
so two windows or two clicks never overbook.
"""
