"""Population structure: classes group one programme, level, year and intake."""

import pandas as pd

from vsvsim.mesa_model import DropoutModel


def test_classes_never_mix_groups_even_when_a_group_needs_many_classes():
    # One programme for 20,000 students: a group needs far more than 64 classes.
    model = DropoutModel(
        scenario_name="baseline", students=20_000, rng=0, schools=1, programmes_per_school=1
    )
    s = model.state
    group = ((s.programme * 5 + s.level) * 5 + s.programme_year) * 16 + s.entry_year
    table = pd.DataFrame({"klass": s.klass, "group": group})
    per_class = table.groupby("klass")
    assert per_class["group"].nunique().max() == 1
    assert per_class.size().max() <= model.p.class_size
    assert model.population.n_classes == table["klass"].nunique()
