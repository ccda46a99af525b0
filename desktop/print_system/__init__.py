"""The operating system's print service, asked directly (no Qt): which printers exist, what
state each is in, and whether a job was really taken."""
