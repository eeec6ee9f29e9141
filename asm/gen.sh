#!/usr/bin/env bash
# Regenerates every amd64 assembly file from the avo programs in this module.
# CI runs it and fails if the checked-in files change.
set -euo pipefail
cd "$(dirname "$0")"
for prog in */main.go; do
	dir=$(dirname "$prog")
	go run "./$dir"
done
