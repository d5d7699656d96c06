#!/bin/bash
# The production calibration as inference (issue 14) as one SLURM job over MPI
# (mpi4py.futures): rank 0 runs experiments/calibration_pipeline.py, the other ranks run
# the simulations. Resumable: the ABC database lives in OUT, so when the job hits its time
# limit, submit the same script again (or chain it) and the pipeline carries on from the
# last finished generation, with the stored run's settings.
#
#   sbatch experiments/slurm/calibration_mpi.sh docs/calibration/inference 10
#   sbatch --dependency=afterany:<JOBID> experiments/slurm/calibration_mpi.sh \
#       docs/calibration/inference 10
#
# The second argument is the number of generations in all. A new run (an empty OUT) takes
# the production settings of docs/calibration-inference.md from EXTRA, e.g.
#   EXTRA="--students 2000 --replications 4 --population 500 --transition defensive --seed 0"
# Prepare once on the login node, in a folder every node sees (shared filesystem):
#   uv sync            # .venv with vsvsim, mpi4py and the mpich wheel (mpiexec)
#SBATCH --job-name=vsvsim-calibration
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=32
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=2G
#SBATCH --time=04:00:00
#SBATCH --output=vsvsim-calibration-%j.log
set -euo pipefail

OUT=${1:?usage: calibration_mpi.sh OUT GENERATIONS}
GENERATIONS=${2:?usage: calibration_mpi.sh OUT GENERATIONS}
cd "${SLURM_SUBMIT_DIR:-.}"

# One process per core; numpy needs no extra threads inside a run.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

# EXTRA is split into words on purpose (the settings of a new run).
# shellcheck disable=SC2086
.venv/bin/mpiexec -launcher slurm -n "${SLURM_NTASKS}" \
    .venv/bin/python -m mpi4py.futures experiments/calibration_pipeline.py \
    --executor mpi --out "${OUT}" --generations "${GENERATIONS}" ${EXTRA:-}
