"""Qt item models over the desk's service results."""
