"""Backups of the desk's database, the recovery key, and restoring on this or a new PC.

* :mod:`.snapshot`: a consistent copy of the live database (SQLite's online backup API),
  checked with ``PRAGMA integrity_check`` and counted;
* :mod:`.archive`: the backup file (a zip holding the copy and a manifest);
* :mod:`.generations`: which backups to keep (recent, daily, weekly, monthly);
* :mod:`.state`: what the status bar says (last backup here and outside this PC);
* :mod:`.service`: one backup, start to end, and whether one is due;
* :mod:`.recovery_key` and :mod:`.recovery_sheet`: the data key as text and on paper;
* :mod:`.restore` and :mod:`.restore_keys`: putting a backup back, never losing the
  database it replaces;
* :mod:`.transfer`: ``--export`` / ``--import`` for moving a desk to a new PC;
* :mod:`.admin`: what a center admin sets and does (second folder, generations, the
  recovery sheet, restoring over this desk), each call checked against the staff row.

Nothing here imports Qt.
"""
