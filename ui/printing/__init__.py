"""Printing slips through Qt: preview, one-key print to the remembered printer, save as PDF."""
