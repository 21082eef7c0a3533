"""tend: a terminal practice companion for "A Skill for Every Relationship"."""

__version__ = "0.1.0"
