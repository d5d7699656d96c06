"""Interventions and school instruments: mentoring, coaching, screening, early warning."""
