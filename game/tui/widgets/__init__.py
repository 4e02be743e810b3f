"""Widgets for the game screen."""
