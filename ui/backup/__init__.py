"""Backups at the desk: the status bar's backup button (and the automatic schedule), the
backup section of F9, the restore dialog and the recovery sheet dialog."""
