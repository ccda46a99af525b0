"""Figures and ledgers (统计与台账) of the center, from the desk's own database.

``figures`` counts (through :mod:`db.figures`, shared with the district), ``periods``
turns a day, week or month into a range, ``ledgers`` gathers the rows of the four 台账,
``xlsx`` writes them, ``monthly_report`` typesets the 月度工作报表.
"""
