"""Experiments at scale: experiment files, designs, sweeps on any executor, analyses.

* :mod:`vsvsim.experiments.spec`: TOML experiment files, validated on load;
* :mod:`vsvsim.experiments.designs`: the EMA workbench's and SALib's samplers, run ids;
* :mod:`vsvsim.experiments.sweep`: the resumable sweep on any ``concurrent.futures``
  executor (local processes, MPI, Dask);
* :mod:`vsvsim.experiments.analyse`: Sobol, Morris, PRIM and factorial-grid reports;
* :mod:`vsvsim.experiments.ema`: vsvsim as an EMA workbench model function;
* :mod:`vsvsim.experiments.cli`: ``vsvsim sweep`` and ``vsvsim analyse``.

See ``docs/experiments.md``.
"""
