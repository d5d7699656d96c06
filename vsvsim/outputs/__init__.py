"""Outputs of a run: the weekly recorder; students, summary, parameters, mentors tables."""
