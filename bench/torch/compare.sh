#!/usr/bin/env bash
# Runs the simdml MNIST demo and the same network in PyTorch back to back on
# this machine, in the settings issue 7 compares, and prints each setting's
# best epoch time (with the process CPU time of that epoch, all threads:
# on a busy machine the wall time inflates and the CPU time much less) and
# batch-1 latency. Optional: needs /usr/bin/python3 with
# torch (Debian's python3-torch 1.13). Usage, from the repository root:
#
#   bash bench/torch/compare.sh [epochs] [rounds]
#   ONLY='simdml|ob2' bash bench/torch/compare.sh    # settings matching a regexp
#
# Each setting runs `rounds` times (default 2), interleaved, and the best
# epoch of all its runs is kept: on a shared machine the best is the least
# disturbed figure. Full outputs go to bench/out/compare/.
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs=${1:-3}
rounds=${2:-2}
out=bench/out/compare
mkdir -p "$out"
py=${PYTHON:-/usr/bin/python3}
bin=$(mktemp -d)/mnist
trap 'rm -rf "$(dirname "$bin")"' EXIT
go -C bench build -o "$bin" ./mnist

# name|command. torch's OpenBLAS settings must be in its environment:
# OpenBLAS reads them when it loads. "asis" keeps this shell's
# OPENBLAS_CORETYPE (unset: OpenBLAS picks the core from cpuid); Haswell is
# OpenBLAS's AVX2 kernels, SkylakeX its AVX-512 ones. "ob2" gives OpenBLAS
# two threads, "t2" gives torch two intra-op threads. simdml's "2t" trains
# data-parallel (each thread a shard of every batch), "2t-gemm" splits the
# matrix products instead.
t="bench/torch/mnist_torch.py --epochs $epochs"
settings=(
	"torch-asis-1t|env OPENBLAS_NUM_THREADS=1 $py $t --threads 1"
	"torch-haswell-1t|env OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 $py $t --threads 1"
	"torch-skylakex-1t|env OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 $py $t --threads 1"
	"torch-haswell-ob2|env OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=2 $py $t --threads 1"
	"torch-skylakex-ob2|env OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 $py $t --threads 1"
	"torch-skylakex-t2|env OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 $py $t --threads 2"
	"simdml-1t|$bin -epochs $epochs -threads 1 -out $out/model-1t"
	"simdml-avx2-1t|$bin -epochs $epochs -threads 1 -kernel avx2 -out $out/model-avx2"
	"simdml-2t|$bin -epochs $epochs -threads 2 -out $out/model-2t"
	"simdml-2t-gemm|$bin -epochs $epochs -threads 2 -parallel gemm -out $out/model-2t-gemm"
)
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) CPUs;" \
	"OPENBLAS_CORETYPE in this environment: ${OPENBLAS_CORETYPE:-(unset)}"
only=${ONLY:-.}
for r in $(seq "$rounds"); do
	for s in "${settings[@]}"; do
		name=${s%%|*}
		[[ $name =~ $only ]] || continue
		cmd=${s#*|}
		echo "+ $cmd" >"$out/$name.$r.txt"
		$cmd >>"$out/$name.$r.txt" 2>&1
	done
done
printf '\n%-18s %11s %11s %15s   %s\n' setting "best epoch" "(its cpu)" "batch-1 median" "runs"
for s in "${settings[@]}"; do
	name=${s%%|*}
	[[ $name =~ $only ]] || continue
	# The epoch with the least wall time, and the CPU time it used.
	read -r wall cpu < <(cat "$out/$name".*.txt |
		sed -nE 's/.*epoch +([0-9.]+) ?s \(cpu ([0-9.]+) ?s\).*/\1 \2/p' | sort -g | head -1)
	lat=$(cat "$out/$name".*.txt | sed -nE 's/.*median ([0-9.]+) us.*/\1/p' | sort -g | head -1)
	printf '%-18s %9s s %9s s %12s us   %s\n' "$name" "$wall" "$cpu" "$lat" "$out/$name.*.txt"
done
