"""DropoutModel works unchanged with mesa.batch_run and with SolaraViz model_params."""

from __future__ import annotations

import mesa
from mesa.visualization.solara_viz import _check_model_params

from vsvsim import DropoutModel


def test_batch_run():
    rows = mesa.batch_run(
        DropoutModel,
        parameters={"students": 200, "labour_market_pull": [0.0, 1.0]},
        rng=[1, 2],
        max_steps=10,
        number_processes=1,
        display_progress=False,
    )
    assert len(rows) == 4
    assert {"labour_market_pull", "enrolled", "mean_commitment"} <= set(rows[0])
    again = mesa.batch_run(
        DropoutModel,
        parameters={"students": 200, "labour_market_pull": [0.0, 1.0]},
        rng=[1, 2],
        max_steps=10,
        number_processes=1,
        display_progress=False,
    )
    assert [r["mean_commitment"] for r in rows] == [r["mean_commitment"] for r in again]
    by_pull = {r["labour_market_pull"]: r["mean_time_investment"] for r in rows if r["rng"] == 1}
    assert by_pull[0.0] != by_pull[1.0]


def test_solaraviz_model_params():
    import app

    _check_model_params(DropoutModel.__init__, app.model_params)
    kwargs = {
        k: (v["value"] if isinstance(v, dict) and "value" in v else v)
        for k, v in app.model_params.items()
    }
    kwargs["rng"] = "5"  # a SolaraViz InputText seed arrives as a string
    model = DropoutModel(**kwargs)
    for _ in range(3):
        model.step()
    assert model.seed == 5 and model.week_index == 3
