"""jescore: open, exact scoring of points-factor job evaluation questionnaires."""

__version__ = "0.2.0.dev0"
