#!/bin/bash
# A vsvsim sweep as one SLURM job over MPI (mpi4py.futures): rank 0 submits, the other
# ranks run. Resumable: when the job hits its time limit (or a node fails), submit the
# same script again and it carries on where it stopped.
#
#   sbatch experiments/slurm/sweep_mpi.sh experiments/sensitivity_all.toml results/sens
#   # chain a follow-up that resumes whatever the first job did not finish:
#   sbatch --dependency=afterany:<JOBID> experiments/slurm/sweep_mpi.sh ... (same arguments)
#
# Prepare once on the login node, in a folder every node sees (shared filesystem):
#   uv sync            # .venv with vsvsim, mpi4py and the mpich wheel (mpiexec)
#SBATCH --job-name=vsvsim-sweep
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=32
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=2G
#SBATCH --time=02:00:00
#SBATCH --output=vsvsim-sweep-%j.log
set -euo pipefail

EXPERIMENT=${1:?usage: sweep_mpi.sh EXPERIMENT.toml OUT}
OUT=${2:?usage: sweep_mpi.sh EXPERIMENT.toml OUT}
cd "${SLURM_SUBMIT_DIR:-.}"

# One process per core; numpy needs no extra threads inside a run.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

# The mpich wheel's mpiexec (Hydra) starts the ranks through SLURM on the job's nodes.
# With the site's MPI instead (mpi4py built against it: `uv pip install --no-binary
# mpi4py mpi4py` after `module load mpi`), replace the line with
#   srun --mpi=pmix .venv/bin/python -m mpi4py.futures -m vsvsim sweep ...
.venv/bin/mpiexec -launcher slurm -n "${SLURM_NTASKS}" \
    .venv/bin/python -m mpi4py.futures -m vsvsim sweep "${EXPERIMENT}" \
    --out "${OUT}" --executor mpi --no-progress
