"""Service slips: queue tickets, service receipts, appointment confirmations, day sheets.

Plain Python with reportlab (no Qt): each slip is laid out as a list of blocks
(:mod:`desktop.slips.blocks`), measured, then drawn into a PDF whose page is exactly as
tall as the content on a thermal roll, or paginated on an A5/A4 sheet. The UI previews and
prints the PDF bytes through Qt (``ui/printing``).
"""
