"""Analysis of runs: scenario comparison, calibration targets, tables, figures."""
