"""Campaigns and their target lists: the pages, the writes, the reads, and the target-list import."""
