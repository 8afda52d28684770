"""The schema's revisions, oldest first. A released revision never changes: add one."""
