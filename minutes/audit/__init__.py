"""The audit log: an append-only, hash-chained record of every change to an official record."""
