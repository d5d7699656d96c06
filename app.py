"""The vsvsim browser app: ``uv run vsvsim app`` or ``uv run solara run app.py``.

Compare scenarios side by side with 90% intervals and costs (policymakers), follow one
student week by week and replay them with another choice (trainers), see the cohort's
network, download results and scenario files, upload a scenario; Dutch or English, chosen
in the page. The code lives in :mod:`vsvsim.app`; Mesa's SolaraViz page of the model is
kept in :mod:`vsvsim.app.mesa_view` (``solara run vsvsim/app/mesa_view.py``).
"""

from vsvsim.app.main import Page

__all__ = ["Page"]
