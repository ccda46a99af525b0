"""The district server: receives every center's changes, sends down reference data,
arbitrates Saturday places and carries referrals to their outcome (FastAPI + SQLAlchemy)."""
