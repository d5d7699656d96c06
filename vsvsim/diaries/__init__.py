"""The diary bridge: the process study's weekly diaries as vsvsim's measurement model.

Simulated students and coaches fill in the u-can-act weekly diaries (``dagboek
studenten``, ``dagboek studenten controle``, ``dagboek mentoren``); the platform's
response CSV export is written byte for byte and read back, real exports load beside
simulated ones, and diary summary statistics serve as calibration targets. See
docs/diaries.md.

- :mod:`~vsvsim.diaries.items`: the items, their stored keys and the state mapping.
- :mod:`~vsvsim.diaries.response`: who responds when (the response model, its parameters).
- :mod:`~vsvsim.diaries.simulate`: a run's weekly table into diary responses.
- :mod:`~vsvsim.diaries.export`: the platform's response CSV export.
- :mod:`~vsvsim.diaries.load`: real (or simulated) exports into tidy tables.
- :mod:`~vsvsim.diaries.stats`, :mod:`~vsvsim.diaries.fit`: diary statistics as targets.
- :mod:`~vsvsim.diaries.compare`: real and simulated diaries side by side.
"""

from vsvsim.diaries.load import DiaryError, load_export, load_folder
from vsvsim.diaries.simulate import Diaries, simulate_diaries

__all__ = ["Diaries", "DiaryError", "load_export", "load_folder", "simulate_diaries"]
