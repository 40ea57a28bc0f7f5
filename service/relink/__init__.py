"""Batch re-linking: plan inbound links over a scope, review them, apply, undo.

``plan`` (a map over source posts, then a merge) writes a JSONL plan and an HTML review
page; ``planfile`` reads, writes and marks plans; ``apply`` edits the files in place for
accepted items, journalling every original first, and ``undo`` restores them.
"""
