"""The desk's side of sync with the district server (plain Python, no Qt).

So far: the HTTP transport (injected, so tests can stub it), the device token kept in the
OS keyring and never in a file, and enrolment (a one-time code traded for the token).
Push, pull and the inbox build on these.
"""
